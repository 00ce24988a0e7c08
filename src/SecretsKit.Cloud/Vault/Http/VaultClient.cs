using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Keys;

namespace SecretsKit.Cloud.Vault.Http;

/// <summary>
/// A small HashiCorp Vault / OpenBao HTTP client: the transit and KV calls SecretsKit needs, with token caching,
/// renewal and re-login (see <see cref="VaultTokenSession"/>), namespaces, extra CAs and retries. Thread-safe.
/// </summary>
public sealed class VaultClient : IDisposable
{
    private static readonly HttpMethod List = new("LIST");
    private readonly HttpClient _http;
    private readonly VaultTokenSession _session;

    public VaultClient(VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Address = new Uri(options.Address.GetLeftPart(UriPartial.Authority));
#pragma warning disable CA2000 // the handler chain is owned by _http, which Dispose disposes
        _http = new HttpClient(new ResilientHttpHandler(options.Retry, VaultTls.CreateHandler(options)))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
        _session = new VaultTokenSession(options.Auth, options.Time);
    }

    /// <summary>The server, <c>scheme://host:port</c>.</summary>
    public Uri Address { get; }

    public VaultClientOptions Options { get; }

    /// <summary><c>POST {engine}/encrypt/{key}</c>; returns the <c>vault:v1:…</c> ciphertext.</summary>
    public async Task<string> TransitEncryptAsync(string enginePath, string keyName, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["plaintext"] = Convert.ToBase64String(plaintext.Span) };
        var path = $"{EscapePath(enginePath.Trim('/'))}/encrypt/{Uri.EscapeDataString(keyName)}";
        var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken)
                       ?? throw Failure("transit encrypt", path, 404, null);
        return response["data"]?["ciphertext"]?.GetValue<string>()
               ?? throw new VaultRequestException($"vault: transit encrypt at {Address}v1/{path} returned no ciphertext", 200);
    }

    /// <summary><c>POST {engine}/decrypt/{key}</c>; returns the plaintext bytes.</summary>
    public async Task<byte[]> TransitDecryptAsync(string enginePath, string keyName, string ciphertext, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["ciphertext"] = ciphertext };
        var path = $"{EscapePath(enginePath.Trim('/'))}/decrypt/{Uri.EscapeDataString(keyName)}";
        var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken)
                       ?? throw Failure("transit decrypt", path, 404, null);
        var b64 = response["data"]?["plaintext"]?.GetValue<string>()
                  ?? throw new VaultRequestException($"vault: transit decrypt at {Address}v1/{path} returned no plaintext", 200);
        return Convert.FromBase64String(b64);
    }

    /// <summary><c>GET /v1/{path}</c>; the whole response body, or null on 404.</summary>
    public Task<JsonNode?> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary><c>LIST /v1/{path}</c>; the <c>data.keys</c> (folders end in <c>/</c>), empty on 404.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(List, path, null, cancellationToken);
        return response?["data"]?["keys"] is JsonArray keys
            ? keys.Select(k => k?.GetValue<string>() ?? "").Where(k => k.Length > 0).ToList()
            : [];
    }

    /// <summary>
    /// A logical request as Vault's Go client makes one (<c>Read</c> = GET, <c>List</c> = LIST, <c>Delete</c>, <c>Write</c>
    /// = PUT with a JSON body): <paramref name="pathAndQuery"/> is already escaped. The whole response body, or null when
    /// there is none (204, or a 404 of a read or list).
    /// </summary>
    public Task<JsonNode?> LogicalAsync(HttpMethod method, string pathAndQuery, JsonObject? body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        return SendAsync(method, pathAndQuery, body, cancellationToken, notFoundIsNull: method == HttpMethod.Get || method == List);
    }

    /// <summary>
    /// Logs in (when the auth method does) and looks the token up (<c>auth/token/lookup-self</c>), as ESO's Vault client
    /// does when it is built and validated: bad credentials, an unreachable server or a revoked token fail here.
    /// </summary>
    public Task LookupSelfAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "auth/token/lookup-self", null, cancellationToken, notFoundIsNull: false);

    /// <summary>The LIST method of Vault's API.</summary>
    public static HttpMethod ListMethod => List;

    /// <summary>An authenticated call; on 403 logs in again once (when the auth method can), then fails.</summary>
    internal async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken, bool notFoundIsNull = true)
    {
        var token = await _session.GetTokenAsync(this, cancellationToken);
        var (status, json, retryAfter) = await RawAsync(method, path, body, token, cancellationToken);
        if (status == HttpStatusCode.Forbidden && await _session.ReplaceDeniedAsync(this, token, cancellationToken) is { } fresh)
        {
            (status, json, retryAfter) = await RawAsync(method, path, body, fresh, cancellationToken);
        }
        if (status == HttpStatusCode.NotFound && notFoundIsNull) return null;
        if ((int)status is < 200 or >= 300) throw Failure($"{method.Method}", path, (int)status, json, retryAfter);
        return json;
    }

    internal async Task<VaultAuthToken> LoginAsync(string path, JsonObject body, string description, CancellationToken cancellationToken)
    {
        var (status, json, retryAfter) = await RawAsync(HttpMethod.Post, path, body, token: null, cancellationToken);
        if ((int)status is < 200 or >= 300) throw Failure($"login with {description}", path, (int)status, json, retryAfter);
        return ReadAuth(json, description, path);
    }

    internal async Task<VaultAuthToken> RenewSelfAsync(string token, CancellationToken cancellationToken)
    {
        const string path = "auth/token/renew-self";
        var (status, json, retryAfter) = await RawAsync(HttpMethod.Post, path, new JsonObject(), token, cancellationToken);
        if ((int)status is < 200 or >= 300) throw Failure("token renewal", path, (int)status, json, retryAfter);
        return ReadAuth(json, "token renewal", path);
    }

    private VaultAuthToken ReadAuth(JsonNode? json, string description, string path)
    {
        var auth = json?["auth"];
        var token = auth?["client_token"]?.GetValue<string>();
        if (string.IsNullOrEmpty(token))
        {
            throw new VaultRequestException($"vault: {description} at {Address}v1/{path} returned no client token", 200);
        }
        var lease = auth!["lease_duration"]?.GetValue<long>() ?? 0;
        var renewable = auth["renewable"]?.GetValue<bool>() ?? false;
        return new VaultAuthToken(token, TimeSpan.FromSeconds(lease), renewable);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json, TimeSpan? RetryAfter)> RawAsync(
        HttpMethod method, string path, JsonObject? body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Address, "v1/" + path.TrimStart('/')));
        if (token is not null) request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        if (!string.IsNullOrEmpty(Options.Namespace)) request.Headers.TryAddWithoutValidation("X-Vault-Namespace", Options.Namespace);
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new VaultRequestException($"vault: {method.Method} {Address}v1/{path} failed: {ex.Message}", null, ex);
        }
        catch (ResponseTooLargeException ex)
        {
            throw new VaultRequestException($"vault: {method.Method} {Address}v1/{path} failed: {ex.Message}", null, ex);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return (response.StatusCode, bytes.Length == 0 ? null : JsonBody.TryParse(bytes), RetryClassifier.RetryAfter(response, Options.Time));
        }
    }

    private VaultRequestException Failure(string operation, string path, int status, JsonNode? json, TimeSpan? retryAfter = null)
    {
        var message = new StringBuilder($"vault: {operation} {Address}v1/{path} failed: HTTP {status}");
        if (json?["errors"] is JsonArray { Count: > 0 } errors)
        {
            var text = string.Join("; ", errors.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : ""));
            message.Append(": ").Append(text.Length > 300 ? text[..300] + "…" : text);
        }
        return new VaultRequestException(message.ToString(), status) { RetryAfter = retryAfter };
    }

    public void Dispose()
    {
        _http.Dispose();
        _session.Dispose();
    }

    /// <summary>Each segment of a mount path escaped for a URL (the slashes kept).</summary>
    public static string EscapePath(string path) => string.Join('/', (path ?? "").Split('/').Select(Uri.EscapeDataString));
}
