using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>The API server's <c>Status</c> body for a failed request: reason, message, code and details.</summary>
public sealed record KubeStatus(int Code, string? Reason, string? Message, KubeStatusDetails? Details)
{
    /// <summary>Reads a <c>Status</c> object; null when the node is not one.</summary>
    public static KubeStatus? FromJson(JsonNode? node)
    {
        if (node is not JsonObject o || o["kind"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)o["kind"] != "Status")
        {
            return null;
        }
        KubeStatusDetails? details = null;
        if (o["details"] is JsonObject d)
        {
            var causes = new List<KubeStatusCause>();
            if (d["causes"] is JsonArray arr)
            {
                foreach (var c in arr.OfType<JsonObject>())
                {
                    causes.Add(new KubeStatusCause(Str(c["reason"]), Str(c["message"]), Str(c["field"])));
                }
            }
            details = new KubeStatusDetails(Str(d["name"]), Str(d["group"]), Str(d["kind"]), Str(d["uid"]), causes, Int(d["retryAfterSeconds"]));
        }
        return new KubeStatus(Int(o["code"]) ?? 0, Str(o["reason"]), Str(o["message"]), details);
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? int.Parse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}

/// <summary>The <c>details</c> of a Status: which object, and per-field causes for 422 Invalid.</summary>
public sealed record KubeStatusDetails(string? Name, string? Group, string? Kind, string? Uid, IReadOnlyList<KubeStatusCause> Causes, int? RetryAfterSeconds);

/// <summary>One cause of a failure, usually a field that failed validation.</summary>
public sealed record KubeStatusCause(string? Reason, string? Message, string? Field);
