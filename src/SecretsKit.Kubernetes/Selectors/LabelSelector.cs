using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes.Selectors;

/// <summary>
/// A <c>metav1.LabelSelector</c> (<c>matchLabels</c> plus <c>matchExpressions</c>, all ANDed), evaluated as
/// Kubernetes' <c>LabelSelectorAsSelector</c> does: an empty selector matches every object; <c>In</c>/<c>NotIn</c> need
/// values, <c>Exists</c>/<c>DoesNotExist</c> take none; any other operator is an error. The one implementation every
/// caller uses, whether it matches labels itself (<see cref="Matches"/>) or sends the selector to the API server
/// (<see cref="ToQuery"/>).
/// </summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelRequirement> MatchExpressions)
{
    /// <summary>Reads a selector object; invalid content is reported by <see cref="Validate"/> (and so by every use).</summary>
    public static LabelSelector Parse(JsonObject selector)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (selector["matchLabels"] is JsonObject map)
        {
            foreach (var (k, v) in map) labels[k] = v is JsonValue value && value.TryGetValue<string>(out var s) ? s : "";
        }
        var expressions = new List<LabelRequirement>();
        foreach (var node in selector["matchExpressions"] as JsonArray ?? [])
        {
            if (node is not JsonObject e) continue;
            var values = (e["values"] as JsonArray ?? []).Select(v => v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : "").ToList();
            expressions.Add(new LabelRequirement(Str(e["key"]), Str(e["operator"]), values));
        }
        return new LabelSelector(labels, expressions);
    }

    /// <summary>True when the selector has no requirement at all (it then selects everything).</summary>
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>Throws <see cref="InvalidLabelSelectorException"/> for an unknown operator or values that do not fit it.</summary>
    public void Validate()
    {
        foreach (var r in MatchExpressions) r.Validate();
    }

    /// <summary>Whether an object with these labels is selected (every requirement holds).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        Validate();
        return MatchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
            && MatchExpressions.All(r => r.Matches(labels));
    }

    /// <summary>The selector in the API's <c>labelSelector</c> query syntax (empty = everything).</summary>
    public string ToQuery()
    {
        Validate();
        return string.Join(',', MatchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")
            .Concat(MatchExpressions.Select(r => r.ToQuery())));
    }

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
