using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>
/// Drives <see cref="PushSecretReconciler"/> from a watch on PushSecrets (queued when added, deleted, or their generation
/// or deletion state changes) and from each one's refresh timer.
/// </summary>
internal sealed class PushSecretController : IResourceController
{
    public const string QueueKind = "PushSecret";

    private readonly PushSecretReconciler _reconciler;
    private readonly AgentOptions _options;

    public PushSecretController(KubernetesClient kube, CachedReader reads, ProviderFactory providers, AgentOptions options, TimeProvider time,
        ChangedKeys? changes = null)
    {
        _reconciler = new PushSecretReconciler(kube, reads, providers, options, time) { Changes = changes };
        _options = options;
        Watches = [new WatchSource(ResourceTypes.PushSecret, options.Namespace, null, new GenerationWatch(QueueKind).Keys)];
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
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            return ReconcileResult.Failed(e);
        }
    }

    public Task ReconcileAllAsync(CancellationToken ct) => _reconciler.ReconcileAllAsync(_options.Namespace, ct);
}
