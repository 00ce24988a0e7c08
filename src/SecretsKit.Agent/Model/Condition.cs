using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Model;

/// <summary>
/// One entry of a resource's <c>status.conditions</c> (the metav1.Condition shape). Written with its fields in the order
/// type, status, reason, message, lastTransitionTime, observedGeneration; the last two only when set.
/// </summary>
internal sealed record Condition(string Type, ConditionStatus Status, string Reason, string Message)
{
    /// <summary>The one condition type every agent resource reports.</summary>
    public const string ReadyType = "Ready";

    public string? LastTransitionTime { get; init; }

    public long? ObservedGeneration { get; init; }

    public bool IsTrue => Status == ConditionStatus.True;

    /// <summary>A Ready condition: True when <paramref name="outcome"/> says the resource is ready.</summary>
    public static Condition Ready(Readiness outcome, string reason, string message) =>
        new(ReadyType, outcome == Readiness.Ready ? ConditionStatus.True : ConditionStatus.False, reason, Core.Errors.Echo.Truncated(message, MaxMessage));

    /// <summary>Characters of a condition's message kept: a message quotes tenant input, which must not fill the object.</summary>
    public const int MaxMessage = 2_000;

    /// <summary>The condition of <paramref name="type"/> in a status object's <c>conditions</c>, or null.</summary>
    public static Condition? Find(JsonNode? status, string type = ReadyType)
    {
        var found = Json.Objects(status?["conditions"]).FirstOrDefault(c => Json.Str(c["type"]) == type);
        if (found is null) return null;
        return new Condition(type, ParseStatus(Json.Str(found["status"])), Json.Str(found["reason"]) ?? "", Json.Str(found["message"]) ?? "")
        {
            LastTransitionTime = Json.Str(found["lastTransitionTime"]),
        };
    }

    /// <summary>
    /// This condition stamped with its <c>lastTransitionTime</c>: the one of <paramref name="previous"/> while the status
    /// stays the same, <paramref name="now"/> when it changes (or there was none).
    /// </summary>
    public Condition Following(Condition? previous, DateTimeOffset now) =>
        this with { LastTransitionTime = previous is not null && previous.Status == Status ? previous.LastTransitionTime : KubeTime.Format(now) };

    /// <summary>Whether this condition says something other than <paramref name="previous"/> (status, reason or message).</summary>
    public bool Differs(Condition? previous) =>
        previous is null || previous.Status != Status || previous.Reason != Reason || previous.Message != Message;

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["type"] = Type, ["status"] = StatusText(Status), ["reason"] = Reason, ["message"] = Message };
        if (LastTransitionTime is not null) o["lastTransitionTime"] = LastTransitionTime;
        if (ObservedGeneration is { } g) o["observedGeneration"] = g;
        return o;
    }

    /// <summary>
    /// The <c>conditions</c> of <paramref name="status"/> with this one in place of the one of its type (appended when
    /// there was none), the others kept as they are: a store has <c>Ready</c> and <c>ChangeEventsReady</c>, each written
    /// by its own reconciler.
    /// </summary>
    public JsonArray MergedInto(JsonNode? status)
    {
        var merged = new JsonArray();
        var placed = false;
        foreach (var c in Json.Objects(status?["conditions"]))
        {
            if (Json.Str(c["type"]) == Type)
            {
                if (!placed) merged.Add((JsonNode)ToJson());
                placed = true;
            }
            else merged.Add(c.DeepClone());
        }
        if (!placed) merged.Add((JsonNode)ToJson());
        return merged;
    }

    /// <summary>The one-element <c>conditions</c> array holding this condition.</summary>
    public JsonArray ToArray() => new(ToJson());

    public static string StatusText(ConditionStatus status) => status switch
    {
        ConditionStatus.True => "True",
        ConditionStatus.False => "False",
        _ => "Unknown",
    };

    private static ConditionStatus ParseStatus(string? text) => text switch
    {
        "True" => ConditionStatus.True,
        "False" => ConditionStatus.False,
        _ => ConditionStatus.Unknown,
    };
}
