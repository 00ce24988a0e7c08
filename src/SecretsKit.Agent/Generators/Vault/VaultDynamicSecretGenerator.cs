using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Errors;
using SecretsKit.Go.Time;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Vault;

/// <summary>
/// ESO's <c>VaultDynamicSecret</c> generator: one logical request to the Vault of <c>spec.provider</c> (a Vault
/// provider section, with the Vault store's client and auth), as ESO's generator makes it: <c>method</c> GET (default,
/// with <c>getParameters</c> as the query), LIST, DELETE, or anything else as a write of <c>parameters</c>. The keys
/// are those of the response's <c>data</c> (<c>resultType: Data</c>), its <c>auth</c> block (<c>Auth</c>) or the whole
/// response (<c>Raw</c>), converted by <see cref="VaultDynamicResult"/>. An empty response fails unless
/// <c>allowEmptyResponse</c>. The server is tenant-written: link-local addresses are refused as for webhooks.
/// </summary>
internal sealed class VaultDynamicSecretGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("vaultdynamicsecrets", "VaultDynamicSecret");

    public string ClusterSpecKey => "vaultDynamicSecretSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var provider = call.Spec["provider"] as JsonObject ?? throw call.Fail("no Vault provider config in spec");
        var path = Json.Str(call.Spec["path"]) is { Length: > 0 } p ? p.Trim('/') : throw call.Fail("spec.path is required");
        var segments = path.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            throw call.Fail("spec.path may not have empty, '.' or '..' segments");
        }
        var resultType = Json.Str(call.Spec["resultType"]) ?? "Data";
        if (resultType is not ("Data" or "Auth" or "Raw")) throw call.Fail($"spec.resultType must be Data, Auth or Raw, not '{Echo.Bounded(resultType)}'");
        var (method, pathAndQuery, body) = Request(call, string.Join('/', segments.Select(Uri.EscapeDataString)));
        var spec = GeneratorProviderSpec.For(call, "vault", provider);
        JsonNode? result;
        try
        {
            var options = await VaultProvider.ClientOptionsAsync(spec, ct);
            using var client = new VaultClient(options with { Retry = Retry(call, options.Retry) }); // link-local refused by the store's options
            result = await client.LogicalAsync(method, pathAndQuery, body, ct);
        }
        catch (StoreConfigException e)
        {
            throw call.Fail($"unable to setup Vault client: {e.Message}");
        }
        catch (ReconcileException)
        {
            throw;
        }
        catch (SecretsKitException e)
        {
            throw call.Fail(e.Message);
        }
        if (result is null)
        {
            return call.Spec["allowEmptyResponse"] is JsonValue v && v.TryGetValue<bool>(out var allow) && allow
                ? new Dictionary<string, byte[]>(StringComparer.Ordinal)
                : throw call.Fail("unable to get dynamic secret: empty response from Vault");
        }
        if (result is not JsonObject response) throw call.Fail("unable to get dynamic secret: the response is not a JSON object");
        return VaultDynamicResult.Keys(response, resultType);
    }

    /// <summary>The method, escaped path with query, and body of ESO's Read / List / Delete / Write.</summary>
    private static (HttpMethod Method, string PathAndQuery, JsonObject? Body) Request(GeneratorCall call, string path)
    {
        var method = (Json.Str(call.Spec["method"]) ?? "").ToUpperInvariant();
        switch (method)
        {
            case "" or "GET":
                var query = new List<string>();
                foreach (var (name, values) in (call.Spec["getParameters"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    foreach (var value in values as JsonArray ?? throw call.Fail($"spec.getParameters.{name} must be a list of strings"))
                    {
                        query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(Json.Str(value) ?? throw call.Fail($"spec.getParameters.{name} must be a list of strings")));
                    }
                }
                return (HttpMethod.Get, query.Count == 0 ? path : path + "?" + string.Join('&', query), null);
            case "LIST":
                return (VaultClient.ListMethod, path, null);
            case "DELETE":
                return (HttpMethod.Delete, path, null);
            default:
                var parameters = call.Spec["parameters"] switch
                {
                    null => new JsonObject(),
                    JsonObject o => (JsonObject)o.DeepClone(),
                    _ => throw call.Fail("spec.parameters must be a JSON object"),
                };
                return (HttpMethod.Put, path, parameters);
        }
    }

    /// <summary><c>retrySettings</c>: <c>maxRetries</c> attempts after the first, <c>retryInterval</c> between them.</summary>
    private static Cloud.Http.CloudRetryOptions Retry(GeneratorCall call, Cloud.Http.CloudRetryOptions retry)
    {
        if (call.Spec["retrySettings"] is not JsonObject settings) return retry;
        if (settings["maxRetries"] is not null)
        {
            var max = new GeneratorCall(settings, call.Description, call.Namespace, call.Kube, call.Context).Integer("maxRetries")!.Value;
            if (max is < 0 or > 100) throw call.Fail("spec.retrySettings.maxRetries must be between 0 and 100");
            retry = retry with { MaxRetries = (int)max };
        }
        if (Json.Str(settings["retryInterval"]) is { } text)
        {
            if (!GoDuration.TryParse(text, out var interval) || interval > TimeSpan.FromMinutes(10))
            {
                throw call.Fail($"spec.retrySettings.retryInterval '{Echo.Bounded(text)}' is not a duration of at most 10m");
            }
            // a negative wait is no wait, as in Go's retry loop
            if (interval < TimeSpan.Zero) interval = TimeSpan.Zero;
            retry = retry with { BaseDelay = interval, MaxDelay = interval };
        }
        return retry;
    }
}
