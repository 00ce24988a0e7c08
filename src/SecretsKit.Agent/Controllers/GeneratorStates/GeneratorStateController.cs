using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>
/// Drives <see cref="GeneratorStateReconciler"/> from a watch on GeneratorStates (queued when added, when their spec
/// changes, e.g. a deadline set, and when their deletion starts) and from each one's deadline. Sharded as every kind
/// but ExternalSecrets: shard 0's holder does it.
/// </summary>
internal sealed class GeneratorStateController : IResourceController
{
    public const string QueueKind = "GeneratorState";

    private readonly KubernetesClient _kube;
    private readonly GeneratorStateReconciler _reconciler;
    private readonly string? _namespace;

    public GeneratorStateController(KubernetesClient kube, ProviderFactory providers, AgentOptions options, TimeProvider time)
    {
        _kube = kube;
        _namespace = options.Namespace;
        _reconciler = new GeneratorStateReconciler(kube, new GeneratorStateCleanup(kube, providers.Context), time);
        Watches = [new WatchSource(ResourceTypes.GeneratorState, options.Namespace, null, new GenerationWatch(QueueKind).Keys)];
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        try
        {
            return await _reconciler.ReconcileAsync(key.Namespace ?? "default", key.Name, ct);
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            return ReconcileResult.Failed(e);
        }
    }

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var names = new List<(string Ns, string Name)>();
        await foreach (var obj in _kube.ListAllAsync(ResourceTypes.GeneratorState, _namespace, cancellationToken: ct))
        {
            if (obj.GetName() is { } name) names.Add((obj.GetNamespace() ?? "default", name));
        }
        foreach (var (ns, name) in names) await ReconcileAsync(new QueueKey(QueueKind, ns, name), ct);
    }
}
