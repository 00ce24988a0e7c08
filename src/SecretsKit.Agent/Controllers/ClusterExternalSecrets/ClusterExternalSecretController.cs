using System.Collections.Concurrent;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.ClusterExternalSecrets;

/// <summary>
/// Drives <see cref="ClusterExternalSecretReconciler"/> from watches: a ClusterExternalSecret is queued when it appears
/// or its spec changes, and every known one when a Namespace is added, relabelled or deleted, so a namespace labelled
/// after the ClusterExternalSecret was created gets its ExternalSecret within one reconcile, not one
/// <c>refreshTime</c>. Cluster-scoped: an agent limited to one namespace (<c>--namespace</c>) does not serve them.
/// </summary>
internal sealed class ClusterExternalSecretController : IResourceController
{
    public const string QueueKind = "ClusterExternalSecret";
    private readonly KubernetesClient _kube;
    private readonly ClusterExternalSecretReconciler _reconciler;
    private readonly bool _enabled;
    private readonly GenerationGate _generations = new();
    private readonly ConcurrentDictionary<string, string> _namespaceLabels = new(StringComparer.Ordinal);

    public ClusterExternalSecretController(KubernetesClient kube, AgentOptions options, TimeProvider time)
    {
        _kube = kube;
        _reconciler = new ClusterExternalSecretReconciler(kube, time);
        _enabled = options.Namespace is null;
        Watches = _enabled
            ? [new WatchSource(ResourceTypes.ClusterExternalSecret, null, null, OnClusterExternalSecret), new WatchSource(ResourceTypes.Namespace, null, null, OnNamespace)]
            : [];
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    public static QueueKey KeyOf(string name) => new(QueueKind, null, name);

    private IEnumerable<QueueKey> OnClusterExternalSecret(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) yield break;
        if (_generations.ShouldQueue(ev, KeyOf(name))) yield return KeyOf(name);
    }

    private IEnumerable<QueueKey> OnNamespace(WatchEvent ev)
    {
        if (ev.Object is not { } ns || ns.GetName() is not { } name) return [];
        var labels = string.Join(',', ns.GetLabels().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))
            + (ns["metadata"]?["deletionTimestamp"] is null ? "" : "|terminating");
        if (ev.Type == WatchEventType.Deleted) _namespaceLabels.TryRemove(name, out _);
        else if (_namespaceLabels.TryGetValue(name, out var seen) && seen == labels) return [];
        else _namespaceLabels[name] = labels;
        return [.. _generations.Known];
    }

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        if (!_enabled) return ReconcileResult.Done;
        var obj = await _kube.TryGetAsync(ResourceTypes.ClusterExternalSecret, null, key.Name, ct);
        if (obj is null) return ReconcileResult.Done;
        return ReconcileResult.At(await _reconciler.ReconcileAsync(ClusterExternalSecretSpec.Parse(obj), ct));
    }

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        if (!_enabled) return;
        await foreach (var obj in _kube.ListAllAsync(ResourceTypes.ClusterExternalSecret, null, cancellationToken: ct))
        {
            _generations.Saw(KeyOf(obj.GetName()!), obj.GetGeneration());
            await _reconciler.ReconcileAsync(ClusterExternalSecretSpec.Parse(obj), ct);
        }
    }
}
