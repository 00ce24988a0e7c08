using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// The few Rego semantics trivy-checks rely on, over <see cref="JsonNode"/>s (a JSON null is a present node that is
/// null): a reference used as a condition holds when it is defined and not <c>false</c>; <c>x[_]</c> walks an array's
/// items or an object's values; comparisons of different types follow Rego's ordering (null &lt; boolean &lt; number &lt;
/// string &lt; array &lt; object).
/// </summary>
internal static class Rego
{
    /// <summary>The node at <paramref name="path"/>, and whether it is defined (a null leaf is defined).</summary>
    public static bool TryAt(JsonNode? node, out JsonNode? value, params string[] path)
    {
        value = node;
        foreach (var key in path)
        {
            if (value is not JsonObject o || !o.TryGetPropertyValue(key, out value)) return false;
        }
        return true;
    }

    /// <summary>The node at <paramref name="path"/> (null when undefined or null).</summary>
    public static JsonNode? At(JsonNode? node, params string[] path) => TryAt(node, out var v, path) ? v : null;

    /// <summary><c>obj[field]</c> as a condition (trivy-checks' <c>has_field</c>): defined and not <c>false</c>.</summary>
    public static bool HasField(JsonNode? obj, string field) =>
        obj is JsonObject o && o.TryGetPropertyValue(field, out var v) && !IsFalse(v);

    /// <summary>trivy-checks' <c>has_key</c>: the key is present, whatever its value.</summary>
    public static bool HasKey(JsonNode? obj, string key) => obj is JsonObject o && o.ContainsKey(key);

    /// <summary>A path used as a condition: defined and not <c>false</c>.</summary>
    public static bool Holds(JsonNode? node, params string[] path) => TryAt(node, out var v, path) && !IsFalse(v);

    public static bool IsTrue(JsonNode? v) => v is JsonValue j && j.TryGetValue<bool>(out var b) && b;

    public static bool IsFalse(JsonNode? v) => v is JsonValue j && j.TryGetValue<bool>(out var b) && !b;

    public static bool IsText(JsonNode? v, string text) => v is JsonValue j && j.TryGetValue<string>(out var s) && s == text;

    public static string? Text(JsonNode? v) => v is JsonValue j && j.TryGetValue<string>(out var s) ? s : null;

    public static double? Number(JsonNode? v)
    {
        if (v is not JsonValue j) return null;
        if (j.TryGetValue<long>(out var l)) return l;
        if (j.TryGetValue<int>(out var i)) return i;
        return j.TryGetValue<double>(out var d) ? d : null;
    }

    /// <summary><c>x == n</c> for a number n.</summary>
    public static bool IsNumber(JsonNode? v, double n) => Number(v) is { } d && d == n;

    /// <summary>Rego's <c>x &lt; n</c> (or <c>&lt;=</c>) for a number n and a defined x of any type.</summary>
    public static bool Below(JsonNode? v, double n, bool orEqual)
    {
        if (v is null) return true; // null sorts before numbers
        if (v is JsonValue j && j.TryGetValue<bool>(out _)) return true;
        if (Number(v) is { } d) return orEqual ? d <= n : d < n;
        return false; // strings, arrays and objects sort after numbers
    }

    /// <summary><c>x[_]</c>: an array's items, an object's values, nothing for anything else.</summary>
    public static IEnumerable<JsonNode?> Items(JsonNode? v) => v switch
    {
        JsonArray a => a,
        JsonObject o => o.Select(p => p.Value),
        _ => [],
    };

    /// <summary><c>x[_]</c> with the key or index of each item, for paths.</summary>
    public static IEnumerable<(string Key, JsonNode? Value)> Entries(JsonNode? v) => v switch
    {
        JsonArray a => a.Select((item, i) => ($"[{i}]", item)),
        JsonObject o => o.Select(p => ("." + p.Key, p.Value)),
        _ => [],
    };

    /// <summary>The texts among <c>x[_]</c>.</summary>
    public static IEnumerable<string> Texts(JsonNode? v) => Items(v).Select(Text).OfType<string>();

    /// <summary>Rego's <c>object.union</c>: <paramref name="b"/> over <paramref name="a"/>, objects merged recursively.</summary>
    public static JsonObject Union(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (key, value) in b)
        {
            result[key] = result[key] is JsonObject left && value is JsonObject right ? Union(left, right) : value?.DeepClone();
        }
        return result;
    }
}
