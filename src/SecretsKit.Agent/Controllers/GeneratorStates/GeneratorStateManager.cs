using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>
/// The generator states of one sync of an ExternalSecret or PushSecret (ESO's state manager), committed when the sync
/// succeeded and rolled back when it failed:
/// <list type="bullet">
/// <item><see cref="SetLatest"/>: on commit a GeneratorState is created for the run (<c>gen-&lt;kind&gt;-&lt;name&gt;-</c>,
/// owned by the resource, labelled with its <see cref="GeneratorStateOwnerKey"/>, created with the GeneratorState
/// controller's finalizer), and every older state of the same key
/// gets <c>spec.garbageCollectionDeadline</c> = now + the grace period; on rollback the run is cleaned up at once, or,
/// when that fails, its state is stored with a deadline of now so the GeneratorState controller retries.</item>
/// <item><see cref="FlagAll"/>: on commit every state of a key that no longer runs a stateful generator gets the deadline.</item>
/// </list>
/// A generator without state, or a run that returned none, records nothing.
/// </summary>
internal sealed class GeneratorStateManager(KubernetesClient kube, TimeProvider time, TimeSpan gracePeriod, ResourceType ownerType, string ns, string name,
    string uid)
{
    private readonly List<(string Key, GeneratorRun Run)> _runs = [];
    private readonly List<string> _flagged = [];
    private readonly string _kind = ownerType.Kind;
    private readonly string _ns = ns;
    private readonly string _name = name;

    /// <summary>Records a run of the generator of <paramref name="key"/> (nothing when it has no state).</summary>
    public void SetLatest(string key, GeneratorRun run)
    {
        if (run.HasState) _runs.Add((key, run));
    }

    /// <summary>Every existing state of <paramref name="key"/> is flagged for garbage collection on commit.</summary>
    public void FlagAll(string key)
    {
        if (!_flagged.Contains(key)) _flagged.Add(key);
    }

    private static readonly TimeSpan RollbackTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Whether a rollback has anything to undo.</summary>
    public bool HasRuns => _runs.Count > 0;

    /// <summary>The sync succeeded: stores the new states and flags the older ones. Every step is tried; the failures are thrown together.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        var errors = new List<Exception>();
        // committed runs are the target's now: a failure from here on never rolls them back
        var runs = _runs.ToList();
        _runs.Clear();
        foreach (var (key, run) in runs)
        {
            try
            {
                var created = await kube.CreateAsync(ResourceTypes.GeneratorState, StateObject(key, run, deadline: null), ct);
                await FlagAsync(key, keep: created.GetName(), ct);
            }
            catch (Exception e) when (e is Kubernetes.Errors.KubernetesApiException or HttpRequestException)
            {
                errors.Add(e);
            }
        }
        foreach (var key in _flagged.Where(k => !runs.Any(r => r.Key == k)))
        {
            try
            {
                await FlagAsync(key, keep: null, ct);
            }
            catch (Exception e) when (e is Kubernetes.Errors.KubernetesApiException or HttpRequestException)
            {
                errors.Add(e);
            }
        }
        if (errors.Count > 0)
        {
            throw new ReconcileException(Messages.SecretSyncedError,
                "error committing generator state: " + string.Join("; ", errors.Select(e => e.Message)), errors[0]);
        }
    }

    /// <summary>
    /// The sync failed: each run is cleaned up now; one whose cleanup fails is stored with a deadline of now, so the
    /// GeneratorState controller deletes (and cleans up) it. Never throws for a run: the sync's own error is what counts.
    /// </summary>
    public async Task RollbackAsync()
    {
        // not the sync's token: a sync stopped by shutdown still undoes what it generated, within a bound
        using var timeout = new CancellationTokenSource(RollbackTimeout);
        var ct = timeout.Token;
        foreach (var (key, run) in _runs)
        {
            try
            {
                await run.Stateful!.CleanupAsync(run.Call, run.State!, ct);
            }
            catch (Exception e) when (e is Core.Errors.SecretsKitException or HttpRequestException or OperationCanceledException)
            {
                try
                {
                    await kube.CreateAsync(ResourceTypes.GeneratorState, StateObject(key, run, deadline: time.GetUtcNow()), ct);
                }
                catch (Exception store) when (store is Kubernetes.Errors.KubernetesApiException or HttpRequestException or OperationCanceledException)
                {
                    // nothing more to do: ESO is out of luck here too; the owner's deletion cannot reach a state never stored
                }
            }
        }
        _runs.Clear();
    }

    /// <summary>Every state of <paramref name="key"/> but <paramref name="keep"/> that has no deadline yet gets now + the grace period.</summary>
    private async Task FlagAsync(string key, string? keep, CancellationToken ct)
    {
        var selector = $"{GeneratorStateOwnerKey.Label}={GeneratorStateOwnerKey.Of(_kind, _ns, _name, key)}";
        var deadline = KubeTime.Format(time.GetUtcNow() + gracePeriod);
        await foreach (var state in kube.ListAllAsync(ResourceTypes.GeneratorState, _ns, new ListOptions { LabelSelector = selector }, ct))
        {
            if (state.GetName() is not { } name || name == keep || state["spec"]?["garbageCollectionDeadline"] is not null) continue;
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = state.GetResourceVersion() },
                ["spec"] = new JsonObject { ["garbageCollectionDeadline"] = deadline },
            };
            try
            {
                await kube.PatchAsync(ResourceTypes.GeneratorState, _ns, name, patch, cancellationToken: ct);
            }
            catch (Kubernetes.Errors.KubernetesNotFoundException)
            {
                // deleted meanwhile
            }
        }
    }

    private JsonObject StateObject(string key, GeneratorRun run, DateTimeOffset? deadline)
    {
        var prefix = $"gen-{_kind.ToLowerInvariant()}-{_name}-";
        // the API server cuts a generateName to 58 characters before adding its 5 random ones
        if (prefix.Length > 58) prefix = prefix[..58];
        var spec = new JsonObject();
        if (deadline is { } at) spec["garbageCollectionDeadline"] = KubeTime.Format(at);
        spec["resource"] = run.Resource.DeepClone();
        spec["state"] = run.State!.DeepClone();
        return new JsonObject
        {
            ["apiVersion"] = ResourceTypes.GeneratorState.ApiVersion,
            ["kind"] = ResourceTypes.GeneratorState.Kind,
            ["metadata"] = new JsonObject
            {
                ["generateName"] = prefix,
                ["namespace"] = _ns,
                ["labels"] = new JsonObject { [GeneratorStateOwnerKey.Label] = GeneratorStateOwnerKey.Of(_kind, _ns, _name, key) },
                // finalized from the first write: a state written after its owner went is collected at once, and only
                // the finalizer makes that deletion wait for the clean-up that revokes what the run created
                ["finalizers"] = new JsonArray(GeneratorStateReconciler.Finalizer),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = ownerType.ApiVersion,
                    ["kind"] = _kind,
                    ["name"] = _name,
                    ["uid"] = uid,
                }),
            },
            ["spec"] = spec,
        };
    }
}
