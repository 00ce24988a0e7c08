using System.Collections.Concurrent;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Reconcile.Stores;

/// <summary>
/// Finds the store an ExternalSecret names and checks it may serve it: claimed by this agent's controller class,
/// same namespace for a SecretStore, <c>spec.conditions</c> for a ClusterSecretStore. Lookups are cached for one pass.
/// With <paramref name="clusterStores"/> false (<c>--enable-cluster-store-reconciler=false</c>) a ClusterSecretStore
/// reference fails without any API request. Reads come from the watch-fed caches while the agent watches.
/// </summary>
internal sealed class StoreResolver(CachedReader client, string controllerClass, bool clusterStores)
{
    private readonly ConcurrentDictionary<string, Task<StoreResource?>> _stores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<IReadOnlyDictionary<string, string>>> _nsLabels = new(StringComparer.Ordinal);

    /// <summary>Whether this agent owns a store: <c>spec.controller</c> empty or equal to the agent's class.</summary>
    public static bool Claims(StoreResource store, string controllerClass) =>
        string.IsNullOrEmpty(store.Controller) || store.Controller == controllerClass;

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
        if (!Claims(store, controllerClass))
        {
            throw new ReconcileException(Messages.SecretSyncedError, Messages.StoreNotClaimed(desc, store.Controller!));
        }
        if (store.Kind == StoreKind.ClusterSecretStore && store.Conditions.Count > 0)
        {
            var labels = await _nsLabels.GetOrAdd(ns, n => NamespaceLabelsAsync(n, ct));
            if (!store.Conditions.Any(c => c.Admits(ns, labels)))
            {
                throw new ReconcileException(Messages.SecretSyncedError, Messages.StoreNamespaceDenied(desc, ns));
            }
        }
        return store;
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
