using System.Collections.Concurrent;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile.Queue;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Reconcile.PushSecrets;

/// <summary>
/// Drives <see cref="PushSecretReconciler"/> from a watch on PushSecrets (queued when added, deleted, or their generation
/// or deletion state changes) and from each one's refresh timer.
/// </summary>
internal sealed class PushSecretController : IResourceController
{
    public const string QueueKind = "PushSecret";

    private readonly PushSecretReconciler _reconciler;
    private readonly AgentOptions _options;
    private readonly ConcurrentDictionary<string, string> _fingerprints = new(StringComparer.Ordinal);

    public PushSecretController(KubernetesClient kube, CachedReader reads, ProviderFactory providers, AgentOptions options, TimeProvider time)
    {
        _reconciler = new PushSecretReconciler(kube, reads, providers, options, time);
        _options = options;
        Watches = [new WatchSource(ResourceTypes.PushSecret, options.Namespace, null, OnPushSecret)];
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    public PushSecretReconciler Reconciler => _reconciler;

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        try
        {
            var due = await _reconciler.ReconcileOneAsync(key.Namespace ?? "default", key.Name, ct);
            return due is { } at ? ReconcileResult.At(at) : ReconcileResult.Done;
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or Kubernetes.Errors.KubernetesApiException && !ct.IsCancellationRequested)
        {
            return ReconcileResult.Failed(e);
        }
    }

    public Task ReconcileAllAsync(CancellationToken ct) => _reconciler.ReconcileAllAsync(_options.Namespace, ct);

    private IEnumerable<QueueKey> OnPushSecret(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) yield break;
        var ns = obj.GetNamespace() ?? "default";
        var id = $"{ns}/{name}";
        if (ev.Type == WatchEventType.Deleted)
        {
            _fingerprints.TryRemove(id, out _);
            yield return new QueueKey(QueueKind, ns, name);
            yield break;
        }
        var fingerprint = $"{obj.GetUid()}/{obj.GetGeneration()}{(obj.IsBeingDeleted() ? "-deleting" : "")}";
        if (ev.Type != WatchEventType.Added && _fingerprints.TryGetValue(id, out var seen) && seen == fingerprint) yield break;
        _fingerprints[id] = fingerprint;
        yield return new QueueKey(QueueKind, ns, name);
    }
}
