using System.Collections.Concurrent;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile.Queue;
using SecretsKit.Agent.Reconcile.Rollout;
using SecretsKit.Agent.Reconcile.Scheduling;
using SecretsKit.Agent.Reconcile.Stores;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;
using SecretsKit.Kubernetes.Events;

namespace SecretsKit.Agent.Reconcile.ExternalSecrets;

/// <summary>
/// Reconciles one ExternalSecret: fetch (deduplicated through a shared <see cref="FetchCache"/>), render, apply,
/// status. A provider failure keeps the existing Secret and reports <c>SecretSyncedError</c>.
/// </summary>
internal sealed partial class ExternalSecretReconciler(KubernetesClient kube, ProviderFactory providers, AgentMetrics metrics, TimeProvider time,
    RolloutRestarter rollout, CachedReader? reads = null)
{
    private readonly CachedReader _reads = reads ?? new CachedReader(kube);

    private readonly ConcurrentDictionary<string, SyncState> _state = new(StringComparer.Ordinal);
    private readonly EventRecorder _events = new(kube, "secretskit-agent", time: time);
    private readonly Status.StatusWriter _status = new(kube, time);
    private readonly Generators.GeneratorResolver _generators = new(kube);

    /// <summary>Opt-in workload restarts after data changes (flushed at the end of a pass, and periodically while watching).</summary>
    public RolloutRestarter Rollout => rollout;

    /// <summary>
    /// A refresh that changes nothing but <c>status.refreshTime</c> writes it only when the written one is at least this
    /// old (<c>--refresh-time-max-age</c>; zero = every refresh, as ESO does).
    /// </summary>
    public TimeSpan RefreshTimeMaxAge { get; init; }

    /// <summary>Reads of stores, Namespaces and target Secrets: from the watch-fed caches while watching, else GETs.</summary>
    public CachedReader Reads => _reads;

    public bool TryGetState(string key, out SyncState? state) => _state.TryGetValue(key, out state);

    /// <summary>
    /// One reconcile: fetch when due (see <see cref="RefreshPolicies"/>), otherwise repair drift from the last synced state.
    /// After a restart the last sync is taken from the status when it is still fresh (see <c>ResumeAsync</c>). Returns when
    /// the object is due again, or the error (already reported in the status) for the caller's backoff.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(ExternalSecretResource es, StoreResolver stores, FetchCache cache, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_state.TryGetValue(es.Key, out var state) && await ResumeAsync(es, ct) is { } resumed)
        {
            state = _state.GetOrAdd(es.Key, resumed);
        }
        var specChanged = state is not null && (state.Generation != es.Generation || state.ForceSync != es.ForceSync);
        var schedule = RefreshSchedule.For(es);
        if (!RefreshPolicies.IsFetchDue(es, state?.LastSync, specChanged, now, schedule)
            && await RepairDriftAsync(es, state!, schedule, ct) is { } repaired)
        {
            return repaired;
        }
        var freshness = specChanged ? Freshness.Renew(es.RefreshInterval) : Freshness.InSlot(es.RefreshInterval);
        try
        {
            ExternalSecretFieldSupport.EnsureSupported(es);
            var fetched = await FetchAsync(es, stores, cache, freshness, ct);
            var desired = Render(es, fetched.Data);
            if (fetched.AllMissing && es.Target.Deletion == DeletionPolicy.Delete)
            {
                await DeleteTargetAsync(es, ct);
                _state[es.Key] = new SyncState(now, es.Generation, es.ForceSync, es.Target.Name, desired);
                await WriteStatusAsync(es, Condition.Ready(Readiness.Ready, Messages.SecretDeleted, "secret deleted because the provider has no data"), now, ct);
                return ReconcileResult.At(RefreshPolicies.NextFetch(es, now, schedule));
            }
            await ApplyAsync(es, desired, ct);
            _state[es.Key] = new SyncState(now, es.Generation, es.ForceSync, es.Target.Name, desired);
            metrics.SyncCall(es, error: false, now);
            await WriteStatusAsync(es, Condition.Ready(Readiness.Ready, Messages.SecretSynced, Messages.Synced), now, ct);
            return ReconcileResult.At(RefreshPolicies.NextFetch(es, now, schedule));
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or Kubernetes.Errors.KubernetesApiException && !ct.IsCancellationRequested)
        {
            metrics.SyncCall(es, error: true, now);
            var message = e is ReconcileException or Templates.TemplateException ? e.Message : Messages.FetchFailed("provider", es.Name, e.Message);
            var reason = e is ReconcileException { Reason: Messages.UnsupportedFieldReason } ? Messages.UnsupportedFieldReason : Messages.SecretSyncedError;
            await WriteStatusAsync(es, Condition.Ready(Readiness.NotReady, reason, message), state?.LastSync, ct);
            return ReconcileResult.Failed(e); // also for unsupported fields: the store's may be fixed (Ready re-queues it)
        }
    }

    /// <summary>Forgets an ExternalSecret that was deleted: its sync state and its metric series.</summary>
    public void Forget(string ns, string name)
    {
        _state.TryRemove($"{ns}/{name}", out _);
        metrics.Forget(ns, name);
    }
}
