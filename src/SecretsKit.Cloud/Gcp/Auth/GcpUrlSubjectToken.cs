using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// A credConfig <c>credential_source.url</c>: the subject token is fetched from that URL for each exchange, as Google's
/// external account clients do: <c>GET</c> with the source's <c>headers</c> sent as given, a 2xx reply of at most 1 MiB,
/// read per <c>format</c> (<c>text</c>, the default: the whole body; <c>json</c>: the string at
/// <c>subject_token_field_name</c>). ESO's rule first: the URL must equal the store's <c>externalTokenEndpoint</c>
/// exactly. Because a tenant writes both, a namespaced SecretStore may not name loopback, link-local or metadata hosts
/// (<see cref="TenantHostPolicy.LocalRefused"/>, by name and again at connect time) unless the operator lists the host;
/// a ClusterSecretStore's URL, or a listed host, is the operator's (<see cref="TenantHostPolicy.OperatorNamed"/>). Either
/// way the fetch goes through <see cref="TenantHostClient"/>: no redirects, no proxy, the reply read up to 1 MiB. Header
/// values and the token are never shown.
/// </summary>
internal static class GcpUrlSubjectToken
{
    public const int MaxReplyBytes = 1024 * 1024;
    private const int MaxHeaders = 32;

    /// <summary>The subject token types Google STS takes from an identity provider.</summary>
    private static readonly string[] TokenTypes =
        ["urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token", "urn:ietf:params:oauth:token-type:saml2"];

    /// <summary>The checked source as a fetcher, or a <see cref="StoreConfigException"/> (through <paramref name="bad"/>) before any request.</summary>
    public static Func<CancellationToken, Task<string>> Create(ProviderSpec spec, JsonObject source, string? subjectTokenType, GcpCredConfigSite site,
        Func<string, StoreConfigException> bad)
    {
        var url = source["url"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw bad("credential_source.url must be a string");
        var externalTokenEndpoint = site.ExternalTokenEndpoint;
        if (externalTokenEndpoint is null) throw bad($"credential_source.url needs {site.EndpointField} set to the same URL");
        if (url != externalTokenEndpoint) throw bad($"credential_source.url '{Cut(url)}' does not match the configured externalTokenEndpoint '{Cut(externalTokenEndpoint)}'");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw bad($"credential_source.url '{Cut(url)}' is not an http(s) URL without user info");
        }
        if (subjectTokenType is null || !TokenTypes.Contains(subjectTokenType))
        {
            throw bad($"subject_token_type '{Cut(subjectTokenType ?? "")}' is not one Google STS takes from an identity provider ({string.Join(", ", TokenTypes)})");
        }
        var guarded = !spec.MayUseAgentServiceAccount && !spec.Context.Setting<GcpEndpoints>().ExternalTokenHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
        var policy = guarded ? TenantHostPolicy.LocalRefused : TenantHostPolicy.OperatorNamed;
        if (policy.RefusedName(uri.Host) is { } why)
        {
            throw bad($"credential_source.url names {why} ({uri.Host}), which a SecretStore may not reach unless the operator allows it (GCP_EXTERNAL_TOKEN_HOSTS)");
        }
        var headers = Headers(source["headers"], bad);
        var field = Format(source["format"], bad);
        var retry = spec.Context.Retry;
        var timeout = retry.AttemptTimeout * (retry.MaxRetries + 1) + retry.MaxDelay * retry.MaxRetries;
#pragma warning disable CA2000 // the client lives as long as the store's token source; without TLS settings of its own it holds no connections
        var http = new TenantHostClient(policy, timeout, MaxReplyBytes, retry: retry);
#pragma warning restore CA2000
        return ct => FetchAsync(http, uri, headers, field, ct);
    }

    private static async Task<string> FetchAsync(TenantHostClient http, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, string? field, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        TenantReply reply;
        try
        {
            reply = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw Failed(uri, $"cannot be reached: {Echo.Bounded(e.Message.ReplaceLineEndings(" "), 240)}");
        }
        catch (ResponseTooLargeException e)
        {
            throw Failed(uri, $"answered more than {e.LimitText}");
        }
        if (!reply.IsSuccess) throw Failed(uri, $"answered HTTP {reply.Code}");
        var text = Encoding.UTF8.GetString(reply.Body);
        if (field is null) return text.Length > 0 ? text : throw Failed(uri, "answered an empty subject token");
        try
        {
            if (JsonNode.Parse(text) is JsonObject o && o[field] is JsonValue t && t.TryGetValue<string>(out var token) && token.Length > 0) return token;
        }
        catch (JsonException)
        {
            throw Failed(uri, "answered a reply that is not JSON (format.type json)");
        }
        throw Failed(uri, $"answered JSON without a string '{Cut(field)}' (format.subject_token_field_name)");
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(JsonNode? node, Func<string, StoreConfigException> bad)
    {
        if (node is null) return [];
        if (node is not JsonObject o) throw bad("credential_source.headers must be an object of header names to values");
        if (o.Count > MaxHeaders) throw bad($"credential_source.headers has more than {MaxHeaders} headers");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in o)
        {
            // the value is the tenant's credential for its token endpoint: never echoed
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) throw bad($"credential_source.headers['{Cut(name)}'] must be a string");
            if (name.Length is 0 or > 100 || !name.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                throw bad($"credential_source.headers name '{Cut(name)}' is not a header name one may set");
            }
            if (text.Length > 8192 || text.Any(c => c is '\r' or '\n' or '\0')) throw bad($"credential_source.headers['{name}'] holds a value no header can carry (line breaks, or over 8 KiB)");
            headers.Add(new(name, text));
        }
        return headers;
    }

    /// <summary>The JSON field of a <c>json</c> format, or null for <c>text</c>.</summary>
    private static string? Format(JsonNode? node, Func<string, StoreConfigException> bad)
    {
        if (node is null) return null;
        if (node is not JsonObject format) throw bad("credential_source.format must be an object (type, subject_token_field_name)");
        string? Str(string name) => format[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        return Str("type") switch
        {
            null or "text" => null,
            "json" => Str("subject_token_field_name") ?? throw bad("credential_source.format.subject_token_field_name is required for format type json"),
            var other => throw bad($"credential_source.format.type '{Cut(other)}' is not text or json"),
        };
    }

    private static SecretsKitException Failed(Uri uri, string why) =>
        new(ExitCodes.Generic, $"gcp workload identity: the external token endpoint {uri.GetLeftPart(UriPartial.Path)} {why}");

    private static string Cut(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
