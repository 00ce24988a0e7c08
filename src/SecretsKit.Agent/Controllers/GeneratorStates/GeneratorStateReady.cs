using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>
/// A GeneratorState's <c>Ready</c> condition as ESO sets it: reason <c>Created</c> (True) or <c>Error</c> (False); an
/// unchanged condition is left as it is, and <c>lastTransitionTime</c> moves only when the status changes.
/// </summary>
internal static class GeneratorStateReady
{
    public const string Created = "Created";
    public const string Error = "Error";

    /// <summary>The conditions with Ready set, or null when Ready already says exactly this.</summary>
    public static JsonArray? With(JsonObject generatorState, bool ready, string message, DateTimeOffset now)
    {
        var status = ready ? "True" : "False";
        var reason = ready ? Created : Error;
        var conditions = generatorState["status"]?["conditions"] as JsonArray ?? [];
        var current = conditions.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["type"]) == "Ready");
        if (current is not null && Json.Str(current["status"]) == status && Json.Str(current["reason"]) == reason && Json.Str(current["message"]) == message)
        {
            return null;
        }
        var since = current is not null && Json.Str(current["status"]) == status && current["lastTransitionTime"] is { } kept
            ? kept.DeepClone()
            : KubeTime.Format(now);
        var next = new JsonArray([.. conditions.OfType<JsonObject>().Where(c => Json.Str(c["type"]) != "Ready").Select(c => c.DeepClone())]);
        next.Add((JsonNode)new JsonObject { ["type"] = "Ready", ["status"] = status, ["reason"] = reason, ["message"] = message, ["lastTransitionTime"] = since });
        return next;
    }
}
