using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A <c>metav1.LabelSelector</c> (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn, Exists, DoesNotExist,
/// all ANDed) over an object's labels. An absent or empty selector selects everything; an unknown operator is an
/// <see cref="AdmissionConfigException"/>.
/// </summary>
internal static class LabelSelector
{
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject s) return true;
        if (s["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                if (!labels.TryGetValue(key, out var actual) || actual != Text(value)) return false;
            }
        }
        if (s["matchExpressions"] is not JsonArray expressions) return true;
        foreach (var expression in expressions.OfType<JsonObject>())
        {
            if (!Holds(expression, labels)) return false;
        }
        return true;
    }

    /// <summary>An object's <c>metadata.labels</c> (string values only).</summary>
    public static Dictionary<string, string> LabelsOf(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject { } metadata && metadata["labels"] is JsonObject given)
        {
            foreach (var (key, value) in given)
            {
                if (Text(value) is { } text) labels[key] = text;
            }
        }
        return labels;
    }

    private static bool Holds(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = Text(expression["key"]) ?? "";
        var values = expression["values"] is JsonArray list ? list.Select(Text).OfType<string>().ToHashSet(StringComparer.Ordinal) : [];
        var present = labels.TryGetValue(key, out var actual);
        return Text(expression["operator"]) switch
        {
            "In" => present && values.Contains(actual!),
            "NotIn" => !present || !values.Contains(actual!),
            "Exists" => present,
            "DoesNotExist" => !present,
            var op => throw new AdmissionConfigException($"\"{op}\" is not a valid label selector operator"),
        };
    }

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
