using System.Collections.Concurrent;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile.Rollout;
using SecretsKit.Agent.Reconcile.Stores;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Events;

namespace SecretsKit.Agent.Reconcile.ExternalSecrets;

/// <summary>
/// Reconciles one ExternalSecret: fetch (deduplicated through the pass's <see cref="FetchCache"/>), render, apply,
/// status. A provider failure keeps the existing Secret and reports <c>SecretSyncedError</c>.
/// </summary>
internal sealed partial class ExternalSecretReconciler(KubernetesClient kube, ProviderFactory providers, AgentMetrics metrics, TimeProvider time,
    RolloutRestarter rollout)
{
    private readonly ConcurrentDictionary<string, SyncState> _state = new(StringComparer.Ordinal);
    private readonly EventRecorder _events = new(kube, "secretskit-agent", time: time);

    /// <summary>Opt-in workload restarts after data changes (flushed by the controller at the end of a pass).</summary>
    public RolloutRestarter Rollout => rollout;

    public bool TryGetState(string key, out SyncState? state) => _state.TryGetValue(key, out state);

    /// <summary>One reconcile. <paramref name="live"/> is the target Secret as listed this pass (null = absent or unknown).</summary>
    public async Task ReconcileAsync(ExternalSecretResource es, StoreResolver stores, FetchCache cache, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _state.TryGetValue(es.Key, out var state);
        var specChanged = state is not null && (state.Generation != es.Generation || state.ForceSync != es.ForceSync);
        var jitter = RefreshPolicies.Jitter(es.Key, es.RefreshInterval);
        if (!RefreshPolicies.IsFetchDue(es, state?.LastSync, specChanged, now, jitter))
        {
            await RepairDriftAsync(es, state!, ct);
            return;
        }
        try
        {
            ExternalSecretFieldSupport.EnsureSupported(es);
            var fetched = await FetchAsync(es, stores, cache, ct);
            var desired = Render(es, fetched.Data);
            if (fetched.AllMissing && es.Target.Deletion == DeletionPolicy.Delete)
            {
                await DeleteTargetAsync(es, ct);
                _state[es.Key] = new SyncState(now, es.Generation, es.ForceSync, es.Target.Name, desired);
                await WriteStatusAsync(es, true, Messages.SecretDeleted, "secret deleted because the provider has no data", now, ct);
                return;
            }
            await ApplyAsync(es, desired, ct);
            _state[es.Key] = new SyncState(now, es.Generation, es.ForceSync, es.Target.Name, desired);
            metrics.SyncCall(es, error: false, now);
            await WriteStatusAsync(es, true, Messages.SecretSynced, Messages.Synced, now, ct);
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or Kubernetes.Errors.KubernetesApiException && !ct.IsCancellationRequested)
        {
            metrics.SyncCall(es, error: true, now);
            var message = e is ReconcileException or Templates.TemplateException ? e.Message : Messages.FetchFailed("provider", es.Name, e.Message);
            var reason = e is ReconcileException { Reason: Messages.UnsupportedFieldReason } ? Messages.UnsupportedFieldReason : Messages.SecretSyncedError;
            await WriteStatusAsync(es, false, reason, message, state?.LastSync, ct);
        }
    }

    /// <summary>Forgets an ExternalSecret that was deleted.</summary>
    public void Forget(string key) => _state.TryRemove(key, out _);
}
