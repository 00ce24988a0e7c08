using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.Drift;

/// <summary>
/// The fields a manifest sets compared with the live object, kubectl's "last applied" way: only what the manifest writes
/// counts (server defaults, status and other managers' fields do not); a <c>null</c> in the manifest sets nothing. A list
/// whose items all have a <c>name</c> is matched by name (containers, env, ports, volumes), any other list item by item.
/// Scalars compare by value (<c>2</c> and <c>2.0</c>, <c>"80"</c> and <c>80</c> are equal), as written otherwise.
/// </summary>
internal sealed class FieldDrift(Func<string, bool> ignored)
{
    /// <summary>Longest value shown in a change; longer ones are cut.</summary>
    private const int MaxShown = 120;

    public List<DriftChange> Changes { get; } = [];

    /// <summary>Every field of <paramref name="manifest"/> but the top-level keys in <paramref name="skip"/>.</summary>
    public void CompareObject(JsonObject manifest, JsonObject live, IReadOnlySet<string> skip)
    {
        foreach (var (key, value) in manifest)
        {
            if (!skip.Contains(key)) Compare(value, live[key], live.ContainsKey(key), key, "/" + Escape(key));
        }
    }

    private void Compare(JsonNode? want, JsonNode? have, bool present, string path, string pointer)
    {
        if (want is null || ignored(pointer)) return;
        if (!present || have is null)
        {
            Changes.Add(new DriftChange(path, pointer, DriftChangeKind.Missing));
            return;
        }
        switch (want)
        {
            case JsonObject wanted when have is JsonObject live:
                foreach (var (key, value) in wanted) Compare(value, live[key], live.ContainsKey(key), Below(path, key), pointer + "/" + Escape(key));
                break;
            case JsonArray wanted when have is JsonArray live:
                CompareList(wanted, live, path, pointer);
                break;
            case JsonValue when have is JsonValue && SameScalar(want, have):
                break;
            case JsonValue when have is JsonValue:
                Changes.Add(new DriftChange(path, pointer, DriftChangeKind.Changed, Shown(want), Shown(have)));
                break;
            default:
                Changes.Add(new DriftChange(path, pointer, DriftChangeKind.Changed));
                break;
        }
    }

    private void CompareList(JsonArray want, JsonArray have, string path, string pointer)
    {
        if (want.Count > 0 && want.All(i => Name(i) is not null))
        {
            for (var i = 0; i < want.Count; i++)
            {
                var name = Name(want[i])!;
                var match = have.FirstOrDefault(h => Name(h) == name);
                Compare(want[i], match, match is not null, $"{path}[name={name}]", $"{pointer}/{i}");
            }
            return;
        }
        if (want.Count != have.Count)
        {
            if (!ignored(pointer)) Changes.Add(new DriftChange(path, pointer, DriftChangeKind.Changed, Shown(want), Shown(have)));
            return;
        }
        for (var i = 0; i < want.Count; i++) Compare(want[i], have[i], true, $"{path}[{i}]", $"{pointer}/{i}");
    }

    private static string? Name(JsonNode? item) =>
        item is JsonObject o && o["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool SameScalar(JsonNode want, JsonNode have)
    {
        var (a, b) = (Text(want), Text(have));
        if (a == b) return true;
        return decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y
            && want.GetValueKind() != JsonValueKind.String && have.GetValueKind() != JsonValueKind.String;
    }

    /// <summary>A scalar's text: a string as it is, a number or boolean as JSON writes it.</summary>
    private static string Text(JsonNode node) => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static string Shown(JsonNode node) => Echo.Bounded(node.ToJsonString(), MaxShown);

    /// <summary><c>parent.key</c>, or <c>parent["key"]</c> for a key that is not a plain name (<c>annotations["app.kubernetes.io/name"]</c>).</summary>
    internal static string Below(string parent, string key)
    {
        var plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        var escaped = key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return plain ? (parent.Length == 0 ? key : parent + "." + key) : $"{parent}[\"{escaped}\"]";
    }

    /// <summary>RFC 6901: <c>~</c> as <c>~0</c>, <c>/</c> as <c>~1</c>.</summary>
    internal static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
