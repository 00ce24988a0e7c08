using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Tls;

namespace SecretsKit.Testing.Azure;

/// <summary>
/// Azure Key Vault plus an Entra ID (AAD) token endpoint on loopback HTTPS, signed by a test CA. Vault calls need
/// <c>api-version</c> and a bearer token it issued; a request without one (or with an expired one) gets the real
/// <c>401</c> bearer challenge. Serves keys (get, encrypt/decrypt with RSA-OAEP-256) and secrets (set, get, versions,
/// list with tags), with Key Vault's JSON and error shapes.
/// </summary>
public sealed partial class FakeAzureKeyVaultServer : FakeHttpServer
{
    private readonly ConcurrentDictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _federated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AzureKeyVaultCall> _calls = new();
    private readonly ConcurrentQueue<string> _scopes = new();

    private FakeAzureKeyVaultServer(TestCertificateAuthority authority) => Authority = authority;

    public static async Task<FakeAzureKeyVaultServer> StartAsync()
    {
        var authority = TestCertificateAuthority.Create();
        var server = new FakeAzureKeyVaultServer(authority);
        await server.StartServerAsync(authority.IssueServerCertificate(VaultHost, LoginHost)).ConfigureAwait(false);
        return server;
    }

    /// <summary>The CA that signed the server certificate; clients trust it via <see cref="TestCertificateAuthority.CreateTrustingHandler"/>.</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>Host name of the vault; reach it through <see cref="CreateClientHandler"/>, which connects every host to this server.</summary>
    public const string VaultHost = "secretskit.vault.localhost";

    /// <summary>Host name of the directory (token endpoint).</summary>
    public const string LoginHost = "login.localhost";

    /// <summary>The resource named in the bearer challenge; the vault host is a subdomain of it, as with <c>vault.azure.net</c>.</summary>
    public const string Resource = "https://vault.localhost";

    /// <summary>The resource this instance puts in its challenges (default <see cref="Resource"/>); change it to test clients' checks.</summary>
    public string ChallengeResource { get; set; } = Resource;

    public string TenantId { get; } = "0f1e2d3c-secretskit-tenant";

    /// <summary>The vault URL, e.g. <c>https://secretskit.vault.localhost:41234</c> (no trailing slash).</summary>
    public string VaultUrl => $"https://{VaultHost}:{BaseAddress.Port}";

    /// <summary>The value for <c>AZURE_AUTHORITY_HOST</c>.</summary>
    public string AuthorityHost => $"https://{LoginHost}:{BaseAddress.Port}/";

    /// <summary>A client handler that trusts the test CA and connects every host name to this server.</summary>
    public HttpMessageHandler CreateClientHandler() =>
        Authority.CreateTrustingHandler(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, BaseAddress.Port));

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<AzureKeyVaultCall> Calls => _calls.ToArray();

    public int CountCalls(string operation) => _calls.Count(c => c.Operation == operation);

    /// <summary>Scopes requested at the token endpoint.</summary>
    public IReadOnlyList<string> RequestedScopes => _scopes.ToArray();

    /// <summary>Registers a service principal for the client-credentials grant.</summary>
    public void AddClient(string clientId, string clientSecret) => _clients[clientId] = clientSecret;

    /// <summary>Registers a workload-identity client: its federated token (the file's content) is accepted as client assertion.</summary>
    public void AddFederatedClient(string clientId, string federatedToken) => _federated[clientId] = federatedToken;

    /// <summary>Issues a token directly (for tests that inject their own credential).</summary>
    public string IssueToken(TimeSpan? lifetime = null, string? audience = null)
    {
        var token = "eyJ0eXAiOiJKV1QifQ.fake." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = DateTimeOffset.UtcNow + (lifetime ?? TokenLifetime);
        if (audience is not null) _audiences[token] = audience;
        return token;
    }

    /// <summary>Makes every token issued so far expired.</summary>
    public void ExpireAllTokens()
    {
        foreach (var token in _tokens.Keys)
        {
            _tokens[token] = DateTimeOffset.MinValue;
        }
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        if (context.Request.Method == "POST" && segments is [var tenant, "oauth2", "v2.0", "token"])
        {
            await TokenAsync(context, tenant).ConfigureAwait(false);
            return;
        }
        if (context.Request.Method == "GET" && context.Request.Path.Value == "/metadata/identity/oauth2/token")
        {
            await ManagedIdentityTokenAsync(context).ConfigureAwait(false);
            return;
        }
        if (context.Request.Method == "GET" && context.Request.Path.Value == "/msi/token")
        {
            await AppServiceTokenAsync(context).ConfigureAwait(false);
            return;
        }
        if (context.Request.Method == "GET" && context.Request.Path.Value == "/arc/token")
        {
            await ArcTokenAsync(context).ConfigureAwait(false);
            return;
        }
        if (!context.Request.Query.ContainsKey("api-version"))
        {
            await ErrorAsync(context, new AzureKeyVaultCall("missing-api-version", "", 0), 400, "BadParameter", "The 'api-version' query parameter is required.").ConfigureAwait(false);
            return;
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_tokens.TryGetValue(authorization["Bearer ".Length..], out var expires) || expires <= DateTimeOffset.UtcNow)
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"{AuthorityHost}{TenantId}\", resource=\"{ChallengeResource}\"";
            var message = authorization.Length == 0 ? "AKV10000: Request is missing a Bearer or PoP token." : "AKV10022: Invalid audience or expired token.";
            await ErrorAsync(context, new AzureKeyVaultCall("challenge", "", 0), 401, "Unauthorized", message).ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false))
        {
            _calls.Enqueue(new AzureKeyVaultCall(Describe(context.Request.Method, segments), segments.ElementAtOrDefault(1) ?? "", context.Response.StatusCode));
            return;
        }
        switch (segments)
        {
            case ["keys", ..]:
                await KeysAsync(context, segments).ConfigureAwait(false);
                return;
            case ["secrets", ..]:
                await SecretsAsync(context, segments).ConfigureAwait(false);
                return;
            default:
                await ErrorAsync(context, new AzureKeyVaultCall("unknown", "", 0), 404, "NotFound", "no such path").ConfigureAwait(false);
                return;
        }
    }

    private static string Describe(string method, string[] segments) => (method, segments) switch
    {
        ("GET", ["keys", _] or ["keys", _, _]) => "getKey",
        ("POST", ["keys", _, _, var operation]) => operation,
        ("GET", ["secrets"]) => "listSecrets",
        ("GET", ["secrets", _, "versions"]) => "listVersions",
        ("GET", ["secrets", ..]) => "getSecret",
        ("PUT", ["secrets", _]) => "setSecret",
        ("DELETE", ["secrets", _]) => "deleteSecret",
        _ => "unknown",
    };

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var clientId = form["client_id"].ToString();
        var bySecret = _clients.TryGetValue(clientId, out var secret) && secret == form["client_secret"];
        var isAssertion = form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        var byAssertion = isAssertion && _federated.TryGetValue(clientId, out var assertion) && assertion == form["client_assertion"];
        var refusal = isAssertion && !byAssertion && tenant == TenantId ? FederatedRefusal(clientId, form["client_assertion"].ToString()) : "";
        byAssertion |= refusal is null;
        var ok = tenant == TenantId && form["grant_type"] == "client_credentials" && (bySecret || byAssertion);
        _calls.Enqueue(new AzureKeyVaultCall("token", clientId, ok ? 200 : 401));
        _scopes.Enqueue(form["scope"].ToString());
        context.Response.ContentType = "application/json";
        if (!ok)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync(new JsonObject
            {
                ["error"] = "invalid_client",
                ["error_description"] = string.IsNullOrEmpty(refusal) ? "AADSTS7000215: Invalid client secret provided." : refusal,
                ["error_codes"] = new JsonArray(7000215),
            }.ToJsonString()).ConfigureAwait(false);
            return;
        }
        var seconds = (int)TokenLifetime.TotalSeconds;
        await context.Response.WriteAsync(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["access_token"] = IssueToken(audience: form["scope"].ToString().Replace("/.default", "", StringComparison.Ordinal)),
        }.ToJsonString()).ConfigureAwait(false);
    }

    private async Task OkAsync(HttpContext context, AzureKeyVaultCall call, JsonNode body)
    {
        _calls.Enqueue(call with { Status = 200 });
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private async Task ErrorAsync(HttpContext context, AzureKeyVaultCall call, int status, string code, string message)
    {
        _calls.Enqueue(call with { Status = status });
        context.Response.StatusCode = status;
        await WriteErrorAsync(context, code, message).ConfigureAwait(false);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        context.Response.StatusCode = fault.Status;
        return WriteErrorAsync(context, fault.Code ?? fault.Kind switch
        {
            FakeFaultKind.TooManyRequests => "Throttled",
            FakeFaultKind.Forbidden => "Forbidden",
            _ => "InternalServerError",
        }, "injected fault");
    }

    private static Task WriteErrorAsync(HttpContext context, string code, string message)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());
    }

    private static JsonObject Attributes(DateTimeOffset created, bool enabled = true) => new()
    {
        ["enabled"] = enabled,
        ["created"] = created.ToUnixTimeSeconds(),
        ["updated"] = created.ToUnixTimeSeconds(),
        ["recoveryLevel"] = "Recoverable+Purgeable",
    };

    private static string NewVersion() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    protected override void ReleaseResources()
    {
        Authority.Dispose();
        foreach (var version in _keys.Values.SelectMany(v => v))
        {
            version.Rsa.Dispose();
        }
    }
}
