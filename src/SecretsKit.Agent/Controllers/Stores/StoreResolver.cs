using System.Collections.Concurrent;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Controllers.Stores;

/// <summary>
/// Finds the store an ExternalSecret names and checks it may serve it: claimed by this agent (<see cref="StoreClaim"/>),
/// same namespace for a SecretStore, <c>spec.conditions</c> for a ClusterSecretStore. Lookups are cached for one pass.
/// With <paramref name="clusterStores"/> false (<c>--enable-cluster-store-reconciler=false</c>) a ClusterSecretStore
/// reference fails without any API request. Reads come from the watch-fed caches while the agent watches.
/// </summary>
internal sealed class StoreResolver(CachedReader client, StoreClaim claim, bool clusterStores)
{
    /// <summary>Which stores (and generators) this agent serves.</summary>
    public StoreClaim Claim => claim;

    private readonly ConcurrentDictionary<string, Task<StoreResource?>> _stores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<IReadOnlyDictionary<string, string>>> _nsLabels = new(StringComparer.Ordinal);

    public async Task<StoreResource> ResolveAsync(StoreRef reference, string ns, CancellationToken ct)
    {
        var desc = new StoreDescription(reference.Kind.ToString(), reference.Kind == StoreKind.SecretStore ? ns : null, reference.Name);
        if (reference.Kind == StoreKind.ClusterSecretStore && !clusterStores)
        {
            throw new ReconcileException(Messages.SecretSyncedError, Messages.ClusterStoresDisabled(desc, ns));
        }
        var key = $"{reference.Kind}/{desc.Namespace}/{reference.Name}";
        var store = await _stores.GetOrAdd(key, _ => FetchAsync(reference, ns, ct))
            ?? throw new ReconcileException(Messages.SecretSyncedError, Messages.StoreNotFound(desc));
        if (!claim.Claims(store)) throw new ReconcileException(Messages.SecretSyncedError, claim.Refusal(desc, store));
        if (store.Kind == StoreKind.ClusterSecretStore && store.Conditions.Count > 0)
        {
            var labels = await _nsLabels.GetOrAdd(ns, n => NamespaceLabelsAsync(n, ct));
            if (!store.Conditions.Any(c => c.Admits(ns, labels)))
            {
                throw new ReconcileException(Messages.SecretSyncedError, Messages.StoreNamespaceDenied(desc, ns));
            }
        }
        return Providers.StoreScope.For(store, ns);
    }

    /// <summary>
    /// False when any of the stores exists and belongs to another controller (<see cref="StoreClaim"/>): the object is
    /// then not this agent's, and nothing of it (status, event, finalizer, Secret) is written, as ESO skips it. A store
    /// that does not exist counts as claimed, so its absence is reported by <see cref="ResolveAsync"/>.
    /// </summary>
    public async Task<bool> ClaimsAllAsync(IEnumerable<StoreRef> references, string ns, CancellationToken ct) =>
        await UnclaimedAsync(references, ns, ct) is null;

    /// <summary>Why the first store of <paramref name="references"/> that belongs to another controller is not served (<see cref="StoreClaim.Refusal"/>), or null.</summary>
    public async Task<string?> UnclaimedAsync(IEnumerable<StoreRef> references, string ns, CancellationToken ct)
    {
        foreach (var reference in references)
        {
            if (reference.Kind == StoreKind.ClusterSecretStore && !clusterStores) continue;
            var nsOfStore = reference.Kind == StoreKind.SecretStore ? ns : null;
            var key = $"{reference.Kind}/{nsOfStore}/{reference.Name}";
            if (await _stores.GetOrAdd(key, _ => FetchAsync(reference, ns, ct)) is { } store && !claim.Claims(store))
            {
                return claim.Refusal(new StoreDescription(reference.Kind.ToString(), nsOfStore, reference.Name), store);
            }
        }
        return null;
    }

    private async Task<StoreResource?> FetchAsync(StoreRef reference, string ns, CancellationToken ct)
    {
        var obj = reference.Kind == StoreKind.SecretStore
            ? await client.TryGetAsync(ResourceTypes.SecretStore, ns, reference.Name, ct)
            : await client.TryGetAsync(ResourceTypes.ClusterSecretStore, null, reference.Name, ct);
        return obj is null ? null : StoreResource.Parse(obj);
    }

    private async Task<IReadOnlyDictionary<string, string>> NamespaceLabelsAsync(string ns, CancellationToken ct) =>
        (await client.TryGetAsync(ResourceTypes.Namespace, null, ns, ct))?.GetLabels() ?? new Dictionary<string, string>();
}
