using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// Drives <see cref="SopsSecretReconciler"/> from watches: a SopsSecret is queued when it is added, deleted or its
/// generation changes (not on status-only updates), and again when its refresh is due; an edit or deletion of a Secret it
/// manages queues it too (the reconciler then repairs the drift from memory, without decrypting).
/// </summary>
internal sealed class SopsSecretController : IResourceController
{
    public const string QueueKind = "SopsSecret";

    private readonly SopsSecretReconciler _reconciler;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly GenerationWatch _sopsSecrets = new(QueueKind);

    public SopsSecretController(SopsSecretReconciler reconciler, AgentOptions options, TimeProvider time)
    {
        _reconciler = reconciler;
        _options = options;
        _time = time;
        Watches =
        [
            new WatchSource(ResourceTypes.SopsSecret, options.Namespace, null, _sopsSecrets.Keys),
            new WatchSource(ResourceTypes.Secret, options.Namespace, SopsSecretReconciler.ManagedLabel + "=true", OnSecret),
        ];
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        try
        {
            var due = await _reconciler.ReconcileOneAsync(key.Namespace ?? "default", key.Name, ct);
            return due is { } wait ? ReconcileResult.At(_time.GetUtcNow() + wait) : ReconcileResult.Done;
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            return ReconcileResult.Failed(e);
        }
    }

    public Task ReconcileAllAsync(CancellationToken ct) => _reconciler.ReconcileAllAsync(_options.Namespace, ct);

    private static IEnumerable<QueueKey> OnSecret(WatchEvent ev)
    {
        if (ev.Object is not { } secret || secret.GetAnnotation(SopsSecretReconciler.SourceAnnotation) is not { Length: > 0 } owner) yield break;
        yield return new QueueKey(QueueKind, secret.GetNamespace() ?? "default", owner);
    }
}
