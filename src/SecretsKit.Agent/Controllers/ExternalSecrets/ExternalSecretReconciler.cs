using SecretsKit.Agent.Controllers.ExternalSecrets.Rollout;
using SecretsKit.Agent.Controllers.GeneratorStates;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Agent.Templates;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;
using SecretsKit.Kubernetes.Events;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// Reconciles one ExternalSecret: fetch (deduplicated through a shared <see cref="FetchCache"/>), render, apply,
/// status. A provider failure keeps the existing Secret and reports <c>SecretSyncedError</c>.
/// </summary>
internal sealed partial class ExternalSecretReconciler(KubernetesClient kube, ProviderFactory providers, AgentMetrics metrics, TimeProvider time,
    RolloutRestarter rollout, CachedReader? reads = null)
{
    private readonly CachedReader _reads = reads ?? new CachedReader(kube);

    private readonly EventRecorder _events = new(kube, "secretskit-agent", time: time);
    private readonly StatusWriter _status = new(kube, time);
    private readonly GeneratorResolver _generators = new(kube, providers.Context);

    /// <summary>The agent's metrics (the controller counts its provider reads there).</summary>
    public AgentMetrics Metrics => metrics;

    /// <summary>Opt-in workload restarts after data changes (flushed at the end of a pass, and periodically while watching).</summary>
    public RolloutRestarter Rollout => rollout;

    /// <summary>
    /// A refresh that changes nothing but <c>status.refreshTime</c> writes it only when the written one is at least this
    /// old (<c>--refresh-time-max-age</c>; zero = every refresh, as ESO does).
    /// </summary>
    public TimeSpan RefreshTimeMaxAge { get; init; }

    /// <summary>How long a replaced GeneratorState is kept before it is deleted and cleaned up (<c>--generator-gc-grace-period</c>).</summary>
    public TimeSpan GeneratorGcGracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Sharding: whether this replica still owns the ExternalSecret's shard, asked right before every write (Secret,
    /// status, Event); when it no longer does, the reconcile ends with <see cref="ShardFencedException"/> and
    /// nothing is written. Null = not sharded.
    /// </summary>
    public Func<ExternalSecretResource, bool>? Owns { get; init; }

    /// <summary>
    /// The keys change events reported and the refreshes they asked for (<see cref="ChangedKeys"/>): a
    /// periodic ExternalSecret with a pending request fetches at its next reconcile, sharing one read per key. Null = none.
    /// </summary>
    public ChangedKeys? Changes { get; init; }

    private void EnsureOwned(ExternalSecretResource es)
    {
        if (Owns is { } owns && !owns(es)) throw new ShardFencedException(es.Key);
    }

    /// <summary>Reads of stores, Namespaces and target Secrets: from the watch-fed caches while watching, else GETs.</summary>
    public CachedReader Reads => _reads;

    /// <summary>The state of every ExternalSecret seen (one <see cref="ExternalSecretEntry"/> each), shared with the controller and the metrics.</summary>
    public ExternalSecretEntries Entries { get; } = new();

    /// <summary>
    /// One reconcile: fetch when due (see <see cref="RefreshPolicies"/>), otherwise repair drift from the last synced state.
    /// After a restart the last sync is taken from the status when it is still fresh (see <c>ResumeAsync</c>). Returns when
    /// the object is due again, or the error (already reported in the status) for the caller's backoff.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(ExternalSecretResource es, ExternalSecretEntry entry, StoreResolver stores, FetchCache cache, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        SyncState? state = null;
        try
        {
            // a store or generator of another controller (ESO beside us): not ours, nothing of it is written, as ESO skips it
            if (!await stores.ClaimsAllAsync(es.StoreRefs, es.Namespace, ct) || !await GeneratorsClaimedAsync(es, stores.Claim, ct))
            {
                return ReconcileResult.At(now + UnclaimedRecheck);
            }
            state = entry.State;
            if (state is null && await ResumeAsync(es, entry, ct) is { } resumed)
            {
                entry.State = state = resumed;
            }
            var specChanged = state is not null
                ? state.Generation != es.Generation || state.ForceSync != es.ForceSync
                : SyncedAtAnotherVersion(es);
            var schedule = RefreshSchedule.For(es);
            // a change event's request refreshes what refreshes periodically (CreatedOnce, OnChange and interval 0 stay as they are)
            var eventDue = Changes?.TakeRequest(entry.Key) == true && es.RefreshPolicy == RefreshPolicyKind.Periodic && es.RefreshInterval > TimeSpan.Zero;
            if (!eventDue && !RefreshPolicies.IsFetchDue(es, state?.LastSync, specChanged, now, schedule)
                && await RepairDriftAsync(es, entry, state!, schedule, ct) is { } repaired)
            {
                return repaired;
            }
            return await SyncAsync(es, entry, stores, cache, specChanged, schedule, now, ct);
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            // every failure, an unexpected one included (out of memory in a template, a bug), ends in the status
            entry.EnsureSeries().SyncCall(error: true, now);
            await WriteStatusAsync(es, entry, Condition.Ready(Readiness.NotReady, ReasonFor(e), MessageFor(e, es)), state?.LastSync, ct);
            return ReconcileResult.Failed(e is ReconcileException { InnerException: Kubernetes.Errors.KubernetesApiException api } ? api : e);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ShardFencedException))
        {
            // Stopping: a failure that raced the cancellation (a template over its budget, say) is no status to write
            // now; it ends as the cancellation it is, instead of faulting the worker loop during shutdown.
            throw new OperationCanceledException("reconcile stopped", e, ct);
        }
    }

    /// <summary>How often an ExternalSecret on a store of another controller is looked at again (the store may be handed over).</summary>
    /// <summary>ESO's rule for generators: one whose <c>spec.controller</c> names another class makes the ExternalSecret that controller's.</summary>
    private async Task<bool> GeneratorsClaimedAsync(ExternalSecretResource es, StoreClaim claim, CancellationToken ct)
    {
        foreach (var from in es.DataFrom)
        {
            if (from.Generator is { } generator && await _generators.ControllerAsync(generator, es.Namespace, ct) is { } controller
                && controller != claim.ControllerClass)
            {
                return false;
            }
        }
        return true;
    }

    private static readonly TimeSpan UnclaimedRecheck = TimeSpan.FromMinutes(5);

    private async Task<ReconcileResult> SyncAsync(ExternalSecretResource es, ExternalSecretEntry entry, StoreResolver stores, FetchCache cache, bool specChanged,
        RefreshSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var freshness = specChanged ? Freshness.Renew(es.RefreshInterval) : Freshness.InSlot(es.RefreshInterval);
        ExternalSecretFieldSupport.EnsureValid(es);
        PrivilegedTemplate.EnsureAllowed(es.Target.Template);
        if (!es.Target.IsSecret) EnsureGenericTargetAllowed(es);
        var states = new GeneratorStateManager(kube, time, GeneratorGcGracePeriod, ResourceTypes.ExternalSecret, es.Namespace, es.Name, es.Uid);
        Fetched fetched;
        DesiredSecret desired;
        try
        {
            fetched = await FetchAsync(es, stores, cache, freshness, states, specChanged, ct);
            desired = Render(es, fetched.Data, await TemplateSources.ReadAsync(es, _reads, ct));
            if (fetched.AllMissing && es.Target.Deletion == DeletionPolicy.Delete) await DeleteTargetAsync(es, ct);
            else if (es.Target.IsSecret) await ApplyAsync(es, desired, ct);
            else await ApplyConfigMapAsync(es, desired, ct);
        }
        catch (Exception) when (states.HasRuns)
        {
            // what this sync generated never reached the target: undone now (a token revoked), as ESO rolls back
            await states.RollbackAsync();
            throw;
        }
        entry.State = new SyncState(now, es.Generation, es.ForceSync, entry.Shared(es.Target.Name), desired);
        await states.CommitAsync(ct);
        if (fetched.AllMissing && es.Target.Deletion == DeletionPolicy.Delete)
        {
            await WriteStatusAsync(es, entry, Condition.Ready(Readiness.Ready, Messages.SecretDeleted, "secret deleted because the provider has no data"), now, ct);
            return ReconcileResult.At(RefreshPolicies.NextFetch(es, now, schedule));
        }
        entry.EnsureSeries().SyncCall(error: false, now);
        await WriteStatusAsync(es, entry, Condition.Ready(Readiness.Ready, Messages.SecretSynced, Messages.Synced), now, ct);
        return ReconcileResult.At(RefreshPolicies.NextFetch(es, now, schedule));
    }

    private static string ReasonFor(Exception e) =>
        e is ReconcileException { Reason: Messages.UnsupportedFieldReason or Messages.InvalidSpec } r ? r.Reason : Messages.SecretSyncedError;

    /// <summary>The Ready message for a failure (see <see cref="ReconcileFailure"/>); our errors other than spec and template ones came from the provider.</summary>
    private static string MessageFor(Exception e, ExternalSecretResource es) => ReconcileFailure.Message(e, known => known switch
    {
        ReconcileException or TemplateException or Kubernetes.Errors.KubernetesInvalidNameException => known.Message,
        _ => Messages.FetchFailed("provider", es.Name, known.Message),
    });

    /// <summary>Forgets an ExternalSecret that was deleted: its entry, with its sync state and metric series.</summary>
    public void Forget(QueueKey key) => Entries.Remove(key);
}
