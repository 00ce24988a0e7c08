using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.GeneratorStates;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>
/// Reconciles PushSecrets (<c>external-secrets.io/v1alpha1</c>): writes keys of its source (a Secret, the Secrets a label
/// selector picks, or a generator's output; templated) to every selected store on a new generation, a changed source
/// Secret or each <c>refreshInterval</c>; <c>updatePolicy: IfNotExists</c> never
/// overwrites a remote value; <c>deletionPolicy: Delete</c> (with a finalizer) deletes what it pushed when an entry is
/// dropped or the PushSecret deleted. Phases: this file (scheduling, finalizer), <c>.Sources</c>, <c>.Push</c> (planned by
/// <see cref="PushPlan"/>), <c>.Delete</c>, <c>.Status</c>.
/// </summary>
internal sealed partial class PushSecretReconciler(KubernetesClient kube, CachedReader reads, ProviderFactory providers, AgentOptions options, TimeProvider time)
{
    /// <summary>Wait before retrying a failed push.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, PushSyncState> _state = new(StringComparer.Ordinal);
    private readonly StatusWriter _status = new(kube, time);

    /// <summary>
    /// Change events (<see cref="ChangedKeys"/>): a change of a remote key a PushSecret writes asks for a push
    /// at its next reconcile (<c>Replace</c> writes it back, <c>IfNotExists</c> checks it exists). Null = none.
    /// </summary>
    public ChangedKeys? Changes { get; init; }

    /// <summary>Visits every PushSecret in scope (null = all namespaces). A cluster without the CRD is skipped quietly.</summary>
    public async Task ReconcileAllAsync(string? ns, CancellationToken ct)
    {
        var names = new List<(string Ns, string Name)>();
        try
        {
            await foreach (var obj in kube.ListAllAsync(ResourceTypes.PushSecret, ns, cancellationToken: ct))
            {
                names.Add((obj.GetNamespace() ?? "default", obj.GetName() ?? ""));
            }
        }
        catch (KubernetesNotFoundException)
        {
            return;
        }
        foreach (var (n, name) in names)
        {
            try
            {
                await ReconcileOneAsync(n, name, ct);
            }
            catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
            {
                // gone or busy (or reported on the object): the next pass tries again, the other PushSecrets go on
            }
        }
    }

    /// <summary>Reconciles one PushSecret; returns when it is due again (null = only on change).</summary>
    public async Task<DateTimeOffset?> ReconcileOneAsync(string ns, string name, CancellationToken ct)
    {
        var obj = await kube.TryGetAsync(ResourceTypes.PushSecret, ns, name, ct);
        if (obj is null)
        {
            _state.TryRemove($"{ns}/{name}", out _);
            return null;
        }
        var ps = PushSecretResource.Parse(obj);
        if (obj.IsBeingDeleted())
        {
            await FinalizeAsync(ps, ct);
            return null;
        }
        var named = ps.Stores.Where(r => r.Selector is null && r.Name is not null).Select(r => new StoreRef(r.Name!, r.Kind));
        if (!await new StoreResolver(reads, StoreClaim.From(options), options.ClusterStoreReconciler).ClaimsAllAsync(named, ps.Namespace, ct))
        {
            return null; // a store of another controller (ESO beside us): not ours, nothing of it is written
        }
        if (ps.Problem is { } problem)
        {
            await WriteStatusAsync(ps, Readiness.NotReady, problem.Message, null, null, ct);
            return null; // decided by the spec: a new generation is queued by its watch
        }
        if (ps.SecretName.Length > 0 ? !ObjectNames.IsDnsSubdomain(ps.SecretName) : ps.Generator is null && ps.SecretSelector is null)
        {
            // checked before any request: an empty name would address the whole Secret collection
            await WriteStatusAsync(ps, Readiness.NotReady, $"spec.selector.secret.name \"{ps.SecretName}\" is not a valid Secret name", null, null, ct);
            return null;
        }
        await SetFinalizerAsync(ps, ps.DeleteRemote, ct);
        var sources = await ReadSourcesAsync(ps, ct);
        var secretVersion = sources.Version;
        var now = time.GetUtcNow();
        var eventDue = Changes?.TakeRequest(new QueueKey(PushSecretController.QueueKind, ns, name)) == true && ps.RefreshInterval > TimeSpan.Zero;
        if (!eventDue && NextDue(ps, secretVersion, now) is { } due && due > now) return due;
        // a generator's state (a Grafana token) is kept once the push succeeded, and undone when it failed
        var states = new GeneratorStateManager(kube, time, options.GeneratorGcGracePeriod, ResourceTypes.PushSecret, ps.Namespace, ps.Name, ps.Uid);
        try
        {
            PushSecretFieldSupport.EnsureValid(ps);
            var synced = await PushAllAsync(ps, sources, states, ct);
            await states.CommitAsync(ct);
            await DeleteDroppedAsync(ps, synced, ct);
            _state[ps.Key] = new PushSyncState(ps.Uid, ps.Generation, secretVersion, now, true);
            await WriteStatusAsync(ps, Readiness.Ready, PushSecretReasons.SyncedMessageFor(ps.IfNotExists), synced, secretVersion, ct);
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            if (states.HasRuns) await states.RollbackAsync();
            // every failure, an unexpected one included, ends in the status; the retry waits RetryDelay
            _state[ps.Key] = new PushSyncState(ps.Uid, ps.Generation, secretVersion, now, false);
            await WriteStatusAsync(ps, Readiness.NotReady, ReconcileFailure.Message(e), null, null, ct);
        }
        return NextDue(ps, secretVersion, now);
    }

    /// <summary>Now for a new object, generation or source Secret; else interval (or <see cref="RetryDelay"/> after a failure) after the last attempt.</summary>
    private DateTimeOffset? NextDue(PushSecretResource ps, string? secretVersion, DateTimeOffset now)
    {
        if (!_state.TryGetValue(ps.Key, out var s) || s.Uid != ps.Uid || s.Generation != ps.Generation || s.SecretResourceVersion != secretVersion)
        {
            return now;
        }
        if (!s.Succeeded) return s.Attempted + RetryDelay;
        return ps.RefreshInterval > TimeSpan.Zero ? s.Attempted + ps.RefreshInterval : null;
    }

    private async Task SetFinalizerAsync(PushSecretResource ps, bool wanted, CancellationToken ct)
    {
        if (ps.Raw.HasFinalizer(PushSecretResource.Finalizer) == wanted) return;
        var finalizers = ps.Raw.GetFinalizers().Where(f => f != PushSecretResource.Finalizer).ToList();
        if (wanted) finalizers.Add(PushSecretResource.Finalizer);
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]),
                ["resourceVersion"] = ps.Raw.GetResourceVersion(),
            },
        };
        await kube.PatchAsync(ResourceTypes.PushSecret, ps.Namespace, ps.Name, patch, cancellationToken: ct);
    }
}
