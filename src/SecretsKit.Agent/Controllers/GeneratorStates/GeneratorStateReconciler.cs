using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>
/// One GeneratorState, as ESO's GeneratorState controller does: the finalizer <see cref="Finalizer"/> is added; at
/// <c>spec.garbageCollectionDeadline</c> the object is deleted (reconciled again at the deadline, no polling); once it is
/// being deleted, what it records is cleaned up (<see cref="GeneratorStateCleanup"/>) and the finalizer removed. A
/// cleanup that fails keeps the finalizer (the deletion waits, retried with backoff) and reports <c>Ready=False</c>.
/// </summary>
internal sealed class GeneratorStateReconciler(KubernetesClient kube, GeneratorStateCleanup cleanup, TimeProvider time)
{
    public const string Finalizer = "generatorstate.externalsecrets.io/finalizer";

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken ct)
    {
        var state = await kube.TryGetAsync(ResourceTypes.GeneratorState, ns, name, ct);
        if (state is null) return ReconcileResult.Done;
        var now = time.GetUtcNow();
        if (state.IsBeingDeleted())
        {
            if (!state.HasFinalizer(Finalizer)) return ReconcileResult.Done;
            try
            {
                await cleanup.RunAsync(state, ct);
            }
            catch (GeneratorStateException e)
            {
                await WriteAsync(state, finalizers: null, GeneratorStateReady.With(state, ready: false, e.Message, now), ct);
                return ReconcileResult.Failed(e);
            }
            var remaining = new JsonArray([.. state.GetFinalizers().Where(f => f != Finalizer).Select(f => (JsonNode)f)]);
            await WriteAsync(state, remaining, conditions: null, ct);
            return ReconcileResult.Done;
        }
        JsonArray? finalizers = state.HasFinalizer(Finalizer) ? null : new JsonArray([.. state.GetFinalizers().Append(Finalizer).Select(f => (JsonNode)f)]);
        if (!TryDeadline(state, out var deadline))
        {
            var invalid = GeneratorStateReady.With(state, ready: false, "could not read GeneratorState: spec.garbageCollectionDeadline is not a date-time", now);
            await WriteAsync(state, finalizers, invalid, ct);
            return ReconcileResult.Done;
        }
        if (deadline is { } at && at <= now)
        {
            await WriteAsync(state, finalizers, GeneratorStateReady.With(state, ready: true, "Reached gc deadline", now), ct);
            try
            {
                await kube.DeleteAsync(ResourceTypes.GeneratorState, ns, name, new DeleteOptions { PreconditionUid = state.GetUid() }, ct);
            }
            catch (Kubernetes.Errors.KubernetesNotFoundException)
            {
                // already gone
            }
            catch (Kubernetes.Errors.KubernetesApiException e)
            {
                var failed = await kube.TryGetAsync(ResourceTypes.GeneratorState, ns, name, ct);
                if (failed is not null) await WriteAsync(failed, null, GeneratorStateReady.With(failed, ready: false, $"could not delete GeneratorState: {e.Message}", now), ct);
                return ReconcileResult.Failed(e);
            }
            return ReconcileResult.Done;
        }
        await WriteAsync(state, finalizers, GeneratorStateReady.With(state, ready: true, "GeneratorState created", now), ct);
        return ReconcileResult.At(deadline);
    }

    /// <summary>The deadline (null when unset); false when it is set but not an RFC 3339 date-time.</summary>
    private static bool TryDeadline(JsonObject state, out DateTimeOffset? deadline)
    {
        deadline = null;
        var node = state["spec"]?["garbageCollectionDeadline"];
        if (node is null) return true;
        if (Json.Str(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            deadline = at;
            return true;
        }
        return false;
    }

    /// <summary>
    /// One merge patch of what changed (the finalizers, the conditions), guarded by the resourceVersion read: nothing
    /// else of the tenant-written object is sent back.
    /// </summary>
    private async Task WriteAsync(JsonObject state, JsonArray? finalizers, JsonArray? conditions, CancellationToken ct)
    {
        if (finalizers is null && conditions is null) return;
        var meta = new JsonObject { ["resourceVersion"] = state.GetResourceVersion() };
        if (finalizers is not null) meta["finalizers"] = finalizers.Count == 0 ? null : finalizers;
        var patch = new JsonObject { ["metadata"] = meta };
        if (conditions is not null) patch["status"] = new JsonObject { ["conditions"] = conditions };
        var written = await kube.PatchAsync(ResourceTypes.GeneratorState, state.GetNamespace(), state.GetName()!, patch, cancellationToken: ct);
        state["metadata"] = written["metadata"]?.DeepClone();
        state["status"] = written["status"]?.DeepClone();
    }
}
