using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Runtime.Status;

/// <summary>
/// Writes the status subresource of the agent's resources, one way for every kind: the Ready condition keeps its
/// <c>lastTransitionTime</c> while its status stays (<see cref="Stamp"/>), and <c>status</c> goes out as a merge patch
/// unless the caller's rule says the current status already holds it (<see cref="WriteAsync"/>). Each reconciler only
/// says which fields its status has; events stay with the reconcilers.
/// </summary>
internal sealed class StatusWriter(KubernetesClient kube, TimeProvider time)
{
    /// <summary>A skip rule for <see cref="WriteAsync"/>: the current status already equals the new one.</summary>
    public static readonly Func<JsonObject?, JsonObject, bool> SameStatus = (current, next) => JsonNode.DeepEquals(current, next);

    /// <summary>The Ready condition <paramref name="obj"/> has now (null when none).</summary>
    public static Condition? Current(JsonObject obj) => Condition.Find(obj["status"]);

    /// <summary><paramref name="next"/> with the <c>lastTransitionTime</c> it gets after the condition <paramref name="obj"/> has now.</summary>
    public Condition Stamp(JsonObject obj, Condition next) => next.Following(Current(obj), time.GetUtcNow());

    /// <summary>
    /// Patches <c>status</c> of <paramref name="type"/> <paramref name="ns"/>/<paramref name="name"/> with
    /// <paramref name="status"/>. Returns the object the server returned, or null when the patch was not sent because
    /// <paramref name="skipWhen"/> (given the current status and the new one) said it would change nothing. Without a
    /// rule the patch is always sent.
    /// </summary>
    public async Task<JsonObject?> WriteAsync(ResourceType type, string? ns, string name, JsonObject obj, JsonObject status,
        Func<JsonObject?, JsonObject, bool>? skipWhen, CancellationToken ct)
    {
        if (skipWhen?.Invoke(obj["status"] as JsonObject, status) == true) return null;
        return await kube.PatchStatusAsync(type, ns, name, new JsonObject { ["status"] = status }, cancellationToken: ct);
    }
    /// <summary>
    /// Patches <c>status.conditions</c> of an object that more than one reconciler writes conditions to (a store: Ready
    /// here, ChangeEventsReady by the change-event controller). A conditions array is replaced whole by a merge patch, so
    /// the patch carries the resourceVersion of the object it was computed from: when another writer got in between,
    /// the server answers 409 and the array is computed again from the object as it is now, never putting back a stale
    /// copy of the other writer's condition. <paramref name="conditions"/> returns null when nothing needs writing.
    /// <paramref name="seen"/> is the caller's copy (null: read it first). Returns the patched object, or null when
    /// nothing was written.
    /// </summary>
    public async Task<JsonObject?> WriteConditionsAsync(ResourceType type, string? ns, string name, JsonObject? seen,
        Func<JsonObject, JsonArray?> conditions, CancellationToken ct)
    {
        var current = seen;
        for (var attempt = 1; ; attempt++)
        {
            current ??= await kube.TryGetAsync(type, ns, name, ct);
            if (current is null || conditions(current) is not { } next) return null;
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = current.GetResourceVersion() },
                ["status"] = new JsonObject { ["conditions"] = next },
            };
            try
            {
                return await kube.PatchStatusAsync(type, ns, name, patch, cancellationToken: ct);
            }
            catch (Kubernetes.Errors.KubernetesConflictException) when (attempt < MaxConditionAttempts)
            {
                current = null; // someone else wrote: compute again from the object as it is now
            }
        }
    }

    private const int MaxConditionAttempts = 5;
}
