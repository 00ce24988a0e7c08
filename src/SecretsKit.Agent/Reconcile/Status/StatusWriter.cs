using System.Text.Json.Nodes;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Status;

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
}
