using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// One store's ServiceAccount tokens, minted with the TokenRequest API for each use and kept in memory only until a
/// fifth of their lifetime is left (at least 30 s). Tenancy: a SecretStore may name only ServiceAccounts of its own
/// namespace (else a condition naming that namespace, and no token is minted); a ClusterSecretStore's reference without a
/// namespace names a ServiceAccount of the namespace it serves (<see cref="StoreResource.ReferentNamespace"/>, ESO's rule).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The semaphore's wait handle is never created (AvailableWaitHandle is not used): nothing to release. It lives as long as its store client.")]
internal sealed class KubeServiceAccountTokens(KubernetesClient kube, StoreResource store, TimeProvider time) : IServiceAccountTokens
{
    private readonly ConcurrentDictionary<string, (ServiceAccountToken Token, DateTimeOffset MintedAt)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _mint = new(1, 1);

    public async Task<string> TokenAsync(JsonNode? selector, IReadOnlyList<string> audiences, long? expirationSeconds, string field, CancellationToken ct)
    {
        var (ns, name) = Locate(selector, field);
        List<string> all = [.. Audiences(selector), .. audiences];
        var key = $"{ns}/{name}|{expirationSeconds}|{string.Join('\n', all)}";
        if (_tokens.TryGetValue(key, out var cached) && Fresh(cached)) return cached.Token.Token;
        await _mint.WaitAsync(ct);
        try
        {
            if (_tokens.TryGetValue(key, out cached) && Fresh(cached)) return cached.Token.Token;
            var mintedAt = time.GetUtcNow();
            var minted = await MintAsync(ns, name, all, expirationSeconds, field, ct);
            _tokens[key] = (minted, mintedAt);
            return minted.Token;
        }
        finally
        {
            _mint.Release();
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> AnnotationsAsync(JsonNode? selector, string field, CancellationToken ct)
    {
        var (ns, name) = Locate(selector, field);
        var sa = await kube.TryGetAsync(ResourceTypes.ServiceAccount, ns, name, ct)
            ?? throw new ReconcileException(Messages.StoreInvalid, $"{Where}: {field}: ServiceAccount {ns}/{name} not found");
        return sa["metadata"]?["annotations"] is JsonObject a
            ? a.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => Json.Str(kv.Value) ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Checks every <c>serviceAccountRef</c> (and <c>auth.serviceAccount</c>) of the provider section against the tenancy rule before any client is
    /// built, so a store naming another namespace's ServiceAccount is refused as a whole (its Ready condition says so).
    /// </summary>
    public void CheckReferences(JsonObject providerSpec, string prefix)
    {
        foreach (var (key, value) in providerSpec)
        {
            if (value is not JsonObject child) continue;
            if (key == "serviceAccountRef" || (key == "serviceAccount" && prefix.EndsWith("auth.", StringComparison.Ordinal))) Locate(child, prefix + key); // the kubernetes provider's auth.serviceAccount
            else CheckReferences(child, prefix + key + ".");
        }
    }

    private string Where => store.Kind == StoreKind.SecretStore ? $"SecretStore {store.Namespace}/{store.Name}" : $"ClusterSecretStore {store.Name}";

    /// <summary>The ServiceAccount's namespace and name, by the tenancy rule.</summary>
    private (string Ns, string Name) Locate(JsonNode? selector, string field)
    {
        var name = selector is JsonObject o ? Json.Str(o["name"]) : null;
        if (string.IsNullOrEmpty(name)) throw new ReconcileException(Messages.StoreInvalid, $"{Where}: {field}.name is required");
        var named = Json.Str(selector!["namespace"]);
        if (store.Kind == StoreKind.SecretStore)
        {
            if (named is not null && named != store.Namespace)
            {
                throw new ReconcileException(Messages.StoreInvalid,
                    $"{Where}: {field} names a ServiceAccount of namespace '{named}'; a SecretStore may use only ServiceAccounts of its own namespace '{store.Namespace}'");
            }
            return (store.Namespace!, name);
        }
        return (named ?? store.ReferentNamespace ?? throw new ReconcileException(Messages.StoreInvalid,
            $"{Where}: {field} names no namespace, so it is resolved in the namespace of each ExternalSecret that uses the store, and none is known here"), name);
    }

    private static IEnumerable<string> Audiences(JsonNode? selector) =>
        selector?["audiences"] is JsonArray a ? a.Select(Json.Str).OfType<string>() : [];

    private bool Fresh((ServiceAccountToken Token, DateTimeOffset MintedAt) cached)
    {
        var left = cached.Token.ExpiresAt - time.GetUtcNow();
        return left > TimeSpan.FromSeconds(30) && left > (cached.Token.ExpiresAt - cached.MintedAt) / 5;
    }

    private async Task<ServiceAccountToken> MintAsync(string ns, string name, IReadOnlyList<string> audiences, long? seconds, string field, CancellationToken ct)
    {
        try
        {
            return await kube.CreateServiceAccountTokenAsync(ns, name, audiences, seconds, ct);
        }
        catch (KubernetesNotFoundException)
        {
            throw new ReconcileException(Messages.StoreInvalid, $"{Where}: {field}: ServiceAccount {ns}/{name} not found");
        }
        catch (KubernetesApiException e) when ((int)e.StatusCode is 403 or 422 or 400)
        {
            throw new ReconcileException(Messages.StoreInvalid, $"{Where}: {field}: cannot get a token for ServiceAccount {ns}/{name}: {e.Message}");
        }
    }
}
