using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// <c>x-kubernetes-list-type</c> as the API server enforces it: in a <c>set</c> every scalar item is unique; in a
/// <c>map</c> no two items have the same values under <c>x-kubernetes-list-map-keys</c> (a missing key field takes the
/// schema's <c>default</c>, as the API server fills it in first). The words depend on who enforces it
/// (<see cref="ListTypeSemantics"/>). A key field's value is printed, as the API server prints it (a name, a port); a
/// set item's value never is: its type stands in (<c>Duplicate value: "string"</c>).
/// </summary>
internal static class ListTypeCheck
{
    /// <summary>Items whose duplicates Kubernetes' per-kind validation refuses in its own words (<c>Meta/PodSpecCheck</c>, <c>Meta/ServiceCheck</c>).</summary>
    private static readonly HashSet<string> ValidatedPerKind = new(StringComparer.Ordinal)
    {
        "io.k8s.api.core.v1.Container", "io.k8s.api.core.v1.EphemeralContainer", "io.k8s.api.core.v1.Volume", "io.k8s.api.core.v1.ServicePort",
    };

    public static void Check(ManifestSequence list, SchemaNode schema, SchemaSet refs, string path, ListTypeSemantics semantics, Action<string, string> report)
    {
        if (list.Items.Count < 2) return;
        if (semantics == ListTypeSemantics.ServerSideApply && schema.Items?.Ref is { } item && ValidatedPerKind.Contains(item)) return;
        Func<ManifestNode, ItemKey?>? keyOf = schema.ListType switch
        {
            "set" => SetKey,
            "map" when schema.ListMapKeys.Count > 0 => MapKeyReader(schema, refs),
            _ => null,
        };
        if (keyOf is null) return;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (keyOf(list.Items[i]) is not { } key) continue;
            seen[key.Compare] = seen.TryGetValue(key.Compare, out var times) ? times + 1 : 1;
            if (times == 0) continue;
            if (semantics == ListTypeSemantics.ServerSideApply)
            {
                // structured-merge-diff reports every repeat, at the list
                report(path, $"duplicate entries for key {key.Apply} (server-side apply, Helm 4's default, refuses it; a plain create or update keeps both)");
            }
            else if (times == 1)
            {
                // apiextensions-apiserver reports the first repeat of each value, at the item
                report($"{path}[{i}]", $"Duplicate value: {key.Structural}");
            }
        }
    }

    /// <summary>How one item compares, and how each enforcer prints it.</summary>
    private sealed record ItemKey(string Compare, string Structural, string Apply);

    private static ItemKey? SetKey(ManifestNode item)
    {
        if (item is not ManifestScalar s || ScalarValue.Of(s) is not { Kind: not ScalarKind.Null } value) return null;
        var type = GoQuote.Quote(value.TypeName);
        return new ItemKey($"{value.Kind}:{value.Text}", type, $"[={type}]");
    }

    private static Func<ManifestNode, ItemKey?> MapKeyReader(SchemaNode schema, SchemaSet refs)
    {
        var itemSchema = schema.Items is { } items ? refs.Resolve(items) : SchemaNode.Any;
        var fields = schema.ListMapKeys.Select(k => (Name: k, Default: itemSchema.Properties?.GetValueOrDefault(k) is { } p ? refs.Resolve(p).Default : null)).ToList();
        return node => node is ManifestMapping map ? MapKey(map, fields) : null;
    }

    /// <summary>The item's key: each key field's value, else its default; null (not compared) when one is not a scalar.</summary>
    private static ItemKey? MapKey(ManifestMapping item, List<(string Name, ScalarValue? Default)> fields)
    {
        var present = new List<(string Name, ScalarValue Value)>(fields.Count);
        var compare = new List<string>(fields.Count);
        foreach (var (name, fallback) in fields)
        {
            var node = item.Find(name);
            if (node is not null and not ManifestScalar) return null;
            var value = node is ManifestScalar s && ScalarValue.Of(s) is { Kind: not ScalarKind.Null } given ? given : fallback;
            if (value is { } v) present.Add((name, v));
            compare.Add(value is { } k ? $"{k.Kind}:{k.Text}" : "absent");
        }
        present.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var structural = "map[string]interface {}{" + string.Join(", ", present.Select(f => $"{GoQuote.Quote(f.Name)}:{Print(f.Value)}")) + "}";
        var apply = "[" + string.Join(",", present.Select(f => $"{f.Name}={Print(f.Value)}")) + "]";
        return new ItemKey(string.Join('\u0001', compare), structural, apply);
    }

    /// <summary>A key field's value as Go prints it (<c>%#v</c> of the decoded JSON value): strings quoted, numbers and booleans bare.</summary>
    private static string Print(ScalarValue value) => value.Kind switch
    {
        ScalarKind.String => GoQuote.Quote(value.Text),
        ScalarKind.Float => value.Text.Replace("E", "e", StringComparison.Ordinal),
        _ => value.Text,
    };
}
