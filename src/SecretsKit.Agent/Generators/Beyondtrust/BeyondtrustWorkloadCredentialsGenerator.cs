using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Beyondtrust;

/// <summary>
/// ESO's <c>BeyondtrustWorkloadCredentialsDynamicSecret</c> generator: <c>provider.folderPath</c> (<c>folder/name</c>, or
/// just <c>name</c>) names a dynamic secret definition, generated with <c>POST
/// {server.apiUrl}/{server.siteId}/secrets/dynamic/{name}/generate?folder={folder}</c> (no body; <c>Authorization: Bearer</c>
/// the API token of <c>auth.apikey.token</c>, a Secret of the ExternalSecret's namespace; <c>bt-secrets-api-version:
/// 2026-04-28</c>). <c>apiUrl</c> must be https (as ESO requires), with no credentials or query, link-local refused;
/// <c>siteId</c> a UUID v4. TLS trusts the system roots, or only <c>caBundle</c> / <c>caProvider</c> when set. The answer's
/// <c>secret</c> gives keys <c>accessKeyId</c>, <c>secretAccessKey</c>, <c>leaseId</c>, <c>expiration</c> and, when not
/// empty, <c>sessionToken</c>. ESO's cleanup does nothing (the credentials expire), so this is a plain generator;
/// <c>retrySettings</c> is accepted and unused, as in ESO's generator; <c>controller</c> is read before it runs
/// (<c>GeneratorResolver.ControllerAsync</c>).
/// </summary>
internal sealed partial class BeyondtrustWorkloadCredentialsGenerator : IGenerator
{
    private const string ApiVersion = "2026-04-28";
    private const string DocsUrl = "https://docs.beyondtrust.com/bt-docs/docs/secrets-api";
    private const string ClientError = "failed to create BeyondtrustWorkloadCredentials client: ";
    private const string Store = " in BeyondtrustWorkloadCredentials SecretStore";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public ResourceType Type { get; } = GeneratorTypes.Namespaced("beyondtrustworkloadcredentialsdynamicsecrets", "BeyondtrustWorkloadCredentialsDynamicSecret");

    public string ClusterSpecKey => "beyondtrustWorkloadCredentialsDynamicSecretSpec";

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$")]
    private static partial Regex SiteId();

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var provider = call.Spec["provider"] as JsonObject ?? throw call.Fail("no beyondtrustworkloadcredentials provider config in spec");
        var fullPath = Json.Str(provider["folderPath"]) is { Length: > 0 } p ? p : throw call.Fail("path is required in spec");
        var slash = fullPath.LastIndexOf('/');
        var (folder, name) = slash >= 0 ? (fullPath[..slash], fullPath[(slash + 1)..]) : (null, fullPath);
        if (name.Length == 0) throw call.Fail($"invalid path: missing secret name in \"{Echo.Bounded(fullPath)}\"");
        var token = await ApiTokenAsync(call, provider, ct);
        var server = ServerUrl(call, provider);
        var tls = await TlsAsync(call, provider, ct);
        var target = TenantUrl.Append(server, "dynamic/" + Uri.EscapeDataString(name) + "/generate").AbsoluteUri;
        if (!string.IsNullOrEmpty(folder)) target += "?folder=" + Uri.EscapeDataString(folder).Replace("%20", "+", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent([]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("bt-secrets-api-version", ApiVersion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        const string context = "unable to generate dynamic secret: ";
        var (status, body) = await TenantHostCall.SendAsync(call, request, Timeout, ct, context, tls);
        if (status is not (200 or 201)) throw call.Fail(context + ApiError(body, status, string.IsNullOrEmpty(folder) ? "/" : folder));
        if (TenantHostCall.Parse(body) is not JsonObject answer || answer["secret"] is not (JsonObject or null))
        {
            throw call.Fail(context + "failed to unmarshal generated secret response: the response is not a JSON object with a secret object");
        }
        var secret = answer["secret"] as JsonObject ?? [];
        string Field(string key) => secret[key] switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw call.Fail($"{context}failed to unmarshal generated secret response: secret.{key} is not a string"),
        };
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in new[] { "accessKeyId", "secretAccessKey", "leaseId", "expiration" }) values[key] = Encoding.UTF8.GetBytes(Field(key));
        if (Field("sessionToken") is { Length: > 0 } session) values["sessionToken"] = Encoding.UTF8.GetBytes(session);
        return values;
    }

    private static async Task<string> ApiTokenAsync(GeneratorCall call, JsonObject provider, CancellationToken ct)
    {
        const string load = ClientError + "failed to load credentials: ";
        if (provider["auth"] is not JsonObject auth) throw call.Fail(load + "missing or invalid BeyondtrustWorkloadCredentials API Token" + Store);
        var selector = auth["apikey"]?["token"];
        if (Json.Str(selector?["name"]) is not { Length: > 0 }) throw call.Fail(load + "missing or invalid BeyondtrustWorkloadCredentials API Token name" + Store);
        if (Json.Str(selector?["key"]) is not { Length: > 0 }) throw call.Fail(load + "missing or invalid BeyondtrustWorkloadCredentials API Token key" + Store);
        var token = (await call.ReadSecretTextAsync(selector, "spec.provider.auth.apikey.token", ct)).Trim();
        return token.Length == 0 || token.Any(char.IsControl)
            ? throw call.Fail(load + "the value of spec.provider.auth.apikey.token is empty or holds control characters")
            : token;
    }

    /// <summary><c>{apiUrl}/{siteId}/secrets/</c>, checked as ESO does (https, a host, a UUID v4 site) and as tenant input.</summary>
    private static Uri ServerUrl(GeneratorCall call, JsonObject provider)
    {
        const string load = ClientError + "failed to load server URL configuration: ";
        if (provider["server"] is not JsonObject server) throw call.Fail(load + "missing or invalid BeyondtrustWorkloadCredentials Server" + Store);
        var apiUrl = Json.Str(server["apiUrl"]) is { Length: > 0 } u ? u : throw call.Fail(load + "missing or invalid BeyondtrustWorkloadCredentials Server API URL" + Store);
        var scheme = apiUrl.IndexOf("://", StringComparison.Ordinal) is var i and > 0 ? apiUrl[..i] : "";
        if (scheme.Length == 0) throw call.Fail(load + "invalid apiUrl: apiUrl must include a scheme (https)");
        if (scheme != "https") throw call.Fail(load + $"invalid apiUrl: apiUrl must use https scheme, got \"{Echo.Bounded(scheme)}\"");
        var url = TenantUrl.Check(call, "spec.provider.server.apiUrl", apiUrl);
        var site = Json.Str(server["siteId"]) is { Length: > 0 } s ? s : throw call.Fail(load + "missing or invalid BeyondtrustWorkloadCredentials Server site ID" + Store);
        if (!SiteId().IsMatch(site)) throw call.Fail(load + $"invalid siteId: siteId must be a valid UUID format, got \"{Echo.Bounded(site)}\"");
        return TenantUrl.Append(url, site + "/secrets/");
    }

    /// <summary>Only the roots of <c>caBundle</c> (base64 PEM), else of <c>caProvider</c> (a Secret or ConfigMap key of the namespace); null: the system's.</summary>
    private static async Task<SslClientAuthenticationOptions?> TlsAsync(GeneratorCall call, JsonObject provider, CancellationToken ct)
    {
        const string fetch = ClientError + "failed to fetch CA certificate: ";
        string? pem = null;
        if (Json.Str(provider["caBundle"]) is { Length: > 0 } bundle)
        {
            try
            {
                pem = Encoding.UTF8.GetString(Convert.FromBase64String(bundle));
            }
            catch (FormatException)
            {
                throw call.Fail(fetch + "spec.provider.caBundle is not base64");
            }
        }
        else if (provider["caProvider"] is JsonObject ca)
        {
            pem = Json.Str(ca["type"]) switch
            {
                "Secret" => await call.ReadSecretTextAsync(ca, "spec.provider.caProvider", ct),
                "ConfigMap" => await ConfigMapKeyAsync(call, ca, ct),
                var other => throw call.Fail(fetch + $"spec.provider.caProvider.type '{Echo.Bounded(other ?? "")}' is not Secret or ConfigMap"),
            };
        }
        if (pem is null) return null;
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw call.Fail(ClientError + "failed to parse CA bundle PEM");
        }
        if (roots.Count == 0) throw call.Fail(ClientError + "failed to parse CA bundle PEM");
        return new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => CustomRootTrust.Validate(roots, certificate, errors) };
    }

    private static async Task<string> ConfigMapKeyAsync(GeneratorCall call, JsonObject selector, CancellationToken ct)
    {
        var (name, key) = (Json.Str(selector["name"]) ?? "", Json.Str(selector["key"]) ?? "");
        if (Json.Str(selector["namespace"]) is { Length: > 0 } other && other != call.Namespace)
        {
            throw call.Fail($"spec.provider.caProvider may not reference namespace '{other}'");
        }
        var map = await call.Kube.TryGetAsync(ResourceTypes.ConfigMap, call.Namespace, name, ct)
            ?? throw call.Fail($"configmap {call.Namespace}/{name} (spec.provider.caProvider) not found");
        return Json.Str(map["data"]?[key]) ?? throw call.Fail($"configmap {call.Namespace}/{name} has no key '{key}' (spec.provider.caProvider)");
    }

    /// <summary>ESO's wording of an error answer: <c>error</c>, <c>: message</c>, <c>(details: {json})</c>, or "unexpected response".</summary>
    private static string ApiError(byte[] body, int status, string path)
    {
        var json = TenantHostCall.Parse(body) as JsonObject;
        var text = new StringBuilder();
        if (Json.Str(json?["error"]) is { Length: > 0 } error) text.Append(error);
        if (Json.Str(json?["message"]) is { Length: > 0 } message) text.Append(text.Length > 0 ? ": " : "").Append(message);
        if (json?["details"] is JsonObject { Count: > 0 } details)
        {
            var sorted = new JsonObject(details.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            text.Append(text.Length > 0 ? " " : "").Append("(details: ").Append(sorted.ToJsonString()).Append(')');
        }
        var what = text.Length > 0 ? Echo.Bounded(text.ToString()) : "unexpected response";
        return string.Create(CultureInfo.InvariantCulture, $"API error (HTTP {status}): {what} at path \"{Echo.Bounded(path)}\" (see {DocsUrl})");
    }
}
