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

    public static void Check(ManifestSequence list, SchemaNode schema, SchemaSet refs, FieldTrail path, ListTypeSemantics semantics, Action<string, string> report)
    {
        if (list.Items.Count < 2) return;
        if (semantics == ListTypeSemantics.ServerSideApply && schema.Items?.Ref is { } item && ValidatedPerKind.Contains(item)) return;
        var fields = schema.ListType == "map" && schema.ListMapKeys.Count > 0 ? MapKeyFields(schema, refs) : null;
        if (schema.ListType != "set" && fields is null) return;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var entry = list.Items[i];
            if ((fields is null ? SetCompare(entry) : MapCompare(entry, fields)) is not { } compare) continue;
            seen[compare] = seen.TryGetValue(compare, out var times) ? times + 1 : 1;
            if (times == 0) continue;
            // the words are made for a repeat only
            var key = fields is null ? SetKey(entry) : MapKey((ManifestMapping)entry, fields);
            if (semantics == ListTypeSemantics.ServerSideApply)
            {
                // structured-merge-diff reports every repeat, at the list
                report(path.ToString(), $"duplicate entries for key {key.Apply} (server-side apply, Helm 4's default, refuses it; a plain create or update keeps both)");
            }
            else if (times == 1)
            {
                // apiextensions-apiserver reports the first repeat of each value, at the item
                report($"{path}[{i}]", $"Duplicate value: {key.Structural}");
            }
        }
    }

    /// <summary>How each enforcer prints a repeated item.</summary>
    private sealed record ItemKey(string Structural, string Apply);

    /// <summary>How a set item compares; null (not compared) when it is not a non-null scalar.</summary>
    private static string? SetCompare(ManifestNode item) =>
        item is ManifestScalar s && ScalarValue.Of(s) is { Kind: not ScalarKind.Null } value ? $"{value.Kind}:{value.Text}" : null;

    private static ItemKey SetKey(ManifestNode item)
    {
        var type = GoQuote.Quote(ScalarValue.Of((ManifestScalar)item).TypeName);
        return new ItemKey(type, $"[={type}]");
    }

    private static List<(string Name, ScalarValue? Default)> MapKeyFields(SchemaNode schema, SchemaSet refs)
    {
        var itemSchema = schema.Items is { } items ? refs.Resolve(items) : SchemaNode.Any;
        return schema.ListMapKeys.Select(k => (Name: k, Default: itemSchema.Properties?.GetValueOrDefault(k) is { } p ? refs.Resolve(p).Default : null)).ToList();
    }

    /// <summary>A key field's value, else its default; false (the item is not compared) when it is not a scalar.</summary>
    private static bool TryKeyField(ManifestMapping item, string name, ScalarValue? fallback, out ScalarValue? value)
    {
        var node = item.Find(name);
        value = node is ManifestScalar s && ScalarValue.Of(s) is { Kind: not ScalarKind.Null } given ? given : fallback;
        return node is null or ManifestScalar;
    }

    /// <summary>How a map item compares: each key field's value, else its default; null (not compared) when the item
    /// is not a mapping or a key field is not a scalar.</summary>
    private static string? MapCompare(ManifestNode node, List<(string Name, ScalarValue? Default)> fields)
    {
        if (node is not ManifestMapping item) return null;
        var compare = new string[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!TryKeyField(item, fields[i].Name, fields[i].Default, out var value)) return null;
            compare[i] = value is { } k ? $"{k.Kind}:{k.Text}" : "absent";
        }
        return string.Join('\u0001', compare);
    }

    /// <summary>How the enforcers print a map item's key (an item <see cref="MapCompare"/> compared).</summary>
    private static ItemKey MapKey(ManifestMapping item, List<(string Name, ScalarValue? Default)> fields)
    {
        var present = new List<(string Name, ScalarValue Value)>(fields.Count);
        foreach (var (name, fallback) in fields)
        {
            TryKeyField(item, name, fallback, out var value);
            if (value is { } v) present.Add((name, v));
        }
        present.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var structural = "map[string]interface {}{" + string.Join(", ", present.Select(f => $"{GoQuote.Quote(f.Name)}:{Print(f.Value)}")) + "}";
        var apply = "[" + string.Join(",", present.Select(f => $"{f.Name}={Print(f.Value)}")) + "]";
        return new ItemKey(structural, apply);
    }

    /// <summary>A key field's value as Go prints it (<c>%#v</c> of the decoded JSON value): strings quoted, numbers and booleans bare.</summary>
    private static string Print(ScalarValue value) => value.Kind switch
    {
        ScalarKind.String => GoQuote.Quote(value.Text),
        ScalarKind.Float => value.Text.Replace("E", "e", StringComparison.Ordinal),
        _ => value.Text,
    };
}
