using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Stores;
using SecretsKit.Go.Time;

namespace SecretsKit.Cloud.Webhook.Http;

/// <summary>
/// One ESO webhook request (shared by the <c>webhook</c> provider and the <c>Webhook</c> generator): <c>url</c>,
/// <c>headers</c> and <c>body</c> are Go templates, rendered by the runner's engine (<see cref="ProviderContext.Templates"/>:
/// the agent's is ESO's) over the template data (values URL-escaped for the url), sent with <c>method</c> (default GET) within <c>timeout</c> (default 30 s), trusting <c>caBundle</c> when given.
/// The scheme, host and port must be literal in <c>url</c> (before any template action) and the rendered url must keep
/// them, so no templated value chooses where the request goes. The request goes through <see cref="TenantHostClient"/>:
/// no redirect followed, no proxy, link-local addresses (instance metadata) refused whatever the url says (ESO's webhooks
/// reach in-cluster services, so loopback stays allowed), the answer read up to 1 MiB within the timeout. With
/// <c>auth.ntlm</c> (<see cref="Auth.WebhookNtlm"/>) the handler authenticates with NTLM on that same guarded connection,
/// and a templated <c>Authorization</c> header is not sent (ESO's NTLM replaces it too). 404 is "not found"; any other
/// non-2xx an error.
/// </summary>
public sealed class WebhookCall : IDisposable
{
    private const int MaxResponseBytes = 1 << 20;

    private readonly JsonObject _spec;
    private readonly TenantHostClient _http;
    private readonly Uri _origin;
    private readonly string _owner;
    private readonly NetworkCredential? _ntlm;
    private readonly IStoreTemplates _templates;

    /// <summary>
    /// <paramref name="roots"/>: the CA the store trusts (<see cref="StoreCaBundle"/>); null: <c>caBundle</c> if any.
    /// <paramref name="ntlm"/>: the <c>auth.ntlm</c> account (<see cref="Auth.WebhookNtlm"/>), or null.
    /// <paramref name="templates"/>: the engine that renders <c>url</c>, <c>headers</c>, <c>body</c> and <c>result.jsonPath</c>.
    /// </summary>
    public WebhookCall(JsonObject spec, string owner, IStoreTemplates templates, X509Certificate2Collection? roots = null, NetworkCredential? ntlm = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(templates);
        _templates = templates;
        _spec = spec;
        _owner = owner;
        _ntlm = ntlm;
        var url = SpecJson.Str(spec["url"]) is { Length: > 0 } u ? u : throw Invalid("url is required");
        var t = url.IndexOf("{{", StringComparison.Ordinal);
        var literal = t >= 0 ? url[..t] : url;
        if (!Uri.TryCreate(literal, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")
            || literal.Length < origin.GetLeftPart(UriPartial.Authority).Length + (t >= 0 ? 1 : 0))
        {
            throw Invalid("url must start with a literal http(s)://host[:port]/ before any template action");
        }
        _origin = origin;
        var timeout = SpecJson.Str(spec["timeout"]) is { Length: > 0 } d
            ? GoDuration.TryParse(d, out var parsed) && parsed > TimeSpan.Zero ? parsed : throw Invalid("timeout is not a duration")
            : TimeSpan.FromSeconds(30);
        _http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, timeout, MaxResponseBytes, Tls(spec, roots),
            _ntlm is null ? null : NtlmOnly(_origin, _ntlm));
    }

    private StoreConfigException Invalid(string message) => new($"{_owner}: {message}");

    /// <summary>TLS that trusts only the store's CA (<paramref name="roots"/>, else <c>caBundle</c>), or null for the system's.</summary>
    private SslClientAuthenticationOptions? Tls(JsonObject spec, X509Certificate2Collection? roots)
    {
        if (roots is null && SpecJson.Str(spec["caBundle"]) is { Length: > 0 } bundle)
        {
            roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(bundle)));
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                throw Invalid("caBundle is not base64 PEM");
            }
        }
        return roots is null ? null : new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => CustomRootTrust.Validate(roots, certificate, errors),
        };
    }

    /// <summary>The response body; <see cref="SecretNotFoundException"/> on 404.</summary>
    public Task<byte[]> SendAsync(IReadOnlyDictionary<string, object?> raw, IReadOnlyDictionary<string, object?> escaped, string key, CancellationToken ct) =>
        SendAsync(raw, escaped, key, SpecJson.Str(_spec["method"]) is { Length: > 0 } m ? m : "GET", SpecJson.Str(_spec["body"]), "endpoint", ct);

    /// <summary>
    /// As <see cref="SendAsync(IReadOnlyDictionary{string, object?}, IReadOnlyDictionary{string, object?}, string, CancellationToken)"/>
    /// with this method and body template (null: no body); a non-2xx answer is "<paramref name="what"/> gave error".
    /// </summary>
    public async Task<byte[]> SendAsync(IReadOnlyDictionary<string, object?> raw, IReadOnlyDictionary<string, object?> escaped, string key,
        string method, string? bodyTemplate, string what, CancellationToken ct)
    {
        var url = Render(SpecJson.Str(_spec["url"])!, escaped, "url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme != _origin.Scheme || target.Host != _origin.Host || target.Port != _origin.Port)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{_owner}: the templated url leaves {_origin.GetLeftPart(UriPartial.Authority)}");
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (bodyTemplate is { Length: > 0 } body) request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Render(body, raw, "body")));
        if (_spec["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (_ntlm is not null && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) continue;
                var text = Render(SpecJson.Str(value) ?? "", raw, "headers." + name);
                if (!request.Headers.TryAddWithoutValidation(name, text)) (request.Content ??= new ByteArrayContent([])).Headers.TryAddWithoutValidation(name, text);
            }
        }
        TenantReply reply;
        try
        {
            reply = await _http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{_owner}: failed to call endpoint: {Echo.Bounded(e.Message)}");
        }
        catch (ResponseTooLargeException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{_owner}: the response is larger than {e.LimitText}");
        }
        if (reply.Status == HttpStatusCode.NotFound) throw new SecretNotFoundException("webhook", key);
        return reply.IsSuccess ? reply.Body : throw new SecretsKitException(ExitCodes.Generic, $"{_owner}: {what} gave error {reply.Code} {reply.Reason}");
    }

    /// <summary>The credential for NTLM at <paramref name="origin"/>'s scheme, host and port, and for nothing else.</summary>
    private static CredentialCache NtlmOnly(Uri origin, NetworkCredential credential) =>
        new() { { new Uri(origin.GetLeftPart(UriPartial.Authority)), "NTLM", credential } };

    /// <summary>The engine the call's templates render with (the store renders <c>result.jsonPath</c> with it too).</summary>
    public IStoreTemplates Templates => _templates;

    private string Render(string template, IReadOnlyDictionary<string, object?> data, string field)
    {
        try
        {
            return _templates.Render(template, data, field);
        }
        catch (StoreTemplateException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{_owner}: failed to parse {field}: {e.Message}");
        }
    }

    /// <summary>The response parsed, the <c>result.jsonPath</c> applied, a string result parsed again: ESO's key → value map (strings raw, others JSON).</summary>
    public static IReadOnlyDictionary<string, byte[]> ToMap(byte[] response, string? jsonPath, string owner)
    {
        var node = Parse(response, owner);
        if (jsonPath is { Length: > 0 }) node = Select(node, jsonPath, owner);
        if (node is JsonValue v && v.TryGetValue<string>(out var text)) node = Parse(Encoding.UTF8.GetBytes(text), owner);
        if (node is not JsonObject obj) throw new SecretsKitException(ExitCodes.Generic, $"{owner}: failed to get response (not a JSON object)");
        return obj.ToDictionary(kv => kv.Key, kv => Value(kv.Value), StringComparer.Ordinal);
    }

    public static JsonNode? Parse(byte[] json, string owner)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{owner}: failed to parse response json");
        }
    }

    public static JsonNode? Select(JsonNode? node, string jsonPath, string owner)
    {
        try
        {
            var selected = JsonPathQuery.Select(node, jsonPath, out var found);
            return found ? selected : throw new SecretsKitException(ExitCodes.Generic, $"{owner}: failed to get response path {Echo.Bounded(jsonPath)}: not found");
        }
        catch (FormatException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{owner}: failed to get response path {Echo.Bounded(jsonPath)}: {e.Message}");
        }
    }

    /// <summary>A string as its text, anything else as JSON.</summary>
    public static byte[] Value(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? Encoding.UTF8.GetBytes(s) : Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    public void Dispose() => _http.Dispose();
}
