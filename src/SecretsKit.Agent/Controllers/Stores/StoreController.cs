using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Controllers.Stores;

/// <summary>
/// Keeps the Ready condition of SecretStores and ClusterSecretStores true to their config: validates a store when it
/// appears or its spec changes (generation), and again every <see cref="AgentOptions.StoreRequeueInterval"/>.
/// Keys: kind <c>Store</c>, namespace null for a ClusterSecretStore. With <see cref="AgentOptions.ClusterStoreReconciler"/>
/// false only SecretStores are watched and listed.
/// </summary>
internal sealed class StoreController : IResourceController
{
    public const string QueueKind = "Store";
    private readonly CachedReader _kube;
    private readonly StoreStatusReconciler _status;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly GenerationGate _generations = new();

    public StoreController(CachedReader kube, StoreStatusReconciler status, AgentOptions options, TimeProvider time)
    {
        _kube = kube;
        _status = status;
        _options = options;
        _time = time;
        var secretStores = new WatchSource(ResourceTypes.SecretStore, options.Namespace, null, OnEvent);
        Watches = options.ClusterStoreReconciler
            ? [secretStores, new WatchSource(ResourceTypes.ClusterSecretStore, null, null, OnEvent)]
            : [secretStores];
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    public static QueueKey KeyOf(string? ns, string name) => new(QueueKind, ns, name);

    private IEnumerable<QueueKey> OnEvent(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) yield break;
        var key = KeyOf(obj.GetNamespace(), name);
        if (_generations.ShouldQueue(ev, key)) yield return key;
    }

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        if (key.Namespace is null && !_options.ClusterStoreReconciler) return ReconcileResult.Done;
        var type = key.Namespace is null ? ResourceTypes.ClusterSecretStore : ResourceTypes.SecretStore;
        var obj = await _kube.TryGetAsync(type, key.Namespace, key.Name, ct);
        if (obj is null) return ReconcileResult.Done;
        await _status.ReconcileOneAsync(type, obj, ct);
        return ReconcileResult.At(_time.GetUtcNow() + _options.StoreRequeueInterval);
    }

    public Task ReconcileAllAsync(CancellationToken ct) => _status.ReconcileAllAsync(_options.Namespace, _options.ClusterStoreReconciler, ct);
}
