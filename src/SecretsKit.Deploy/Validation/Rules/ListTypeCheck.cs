using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// <c>x-kubernetes-list-type</c> as the API server enforces it: in a <c>set</c> every scalar item is unique; in a
/// <c>map</c> no two items have the same values under <c>x-kubernetes-list-map-keys</c>. A repeat is reported at its
/// index, naming the earlier one; its value is not printed.
/// </summary>
internal static class ListTypeCheck
{
    public static void Check(ManifestSequence list, SchemaNode schema, string path, Action<string, string> report)
    {
        switch (schema.ListType)
        {
            case "set":
                Unique(list, item => item is ManifestScalar s ? Key(s) : null, path, "Duplicate value", report);
                break;
            case "map" when schema.ListMapKeys.Count > 0:
                Unique(list, item => item is ManifestMapping m ? MapKey(m, schema.ListMapKeys) : null, path,
                    $"Duplicate value: an item with the same {string.Join(", ", schema.ListMapKeys)}", report);
                break;
        }
    }

    private static void Unique(ManifestSequence list, Func<ManifestNode, string?> keyOf, string path, string message, Action<string, string> report)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (keyOf(list.Items[i]) is not { } key) continue;
            if (seen.TryGetValue(key, out var first)) report($"{path}[{i}]", $"{message} as [{first}]");
            else seen[key] = i;
        }
    }

    /// <summary>The item's values under the map keys; null (not compared) when one of them is not a scalar.</summary>
    private static string? MapKey(ManifestMapping item, IReadOnlyList<string> keys)
    {
        var parts = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (Key(item.Find(keys[i])) is not { } part) return null;
            parts[i] = part;
        }
        return string.Join('\u0001', parts);
    }

    /// <summary>A scalar's YAML type and canonical text (so <c>1</c> and <c>"1"</c> differ, <c>0x1</c> and <c>1</c> do not); a missing key is its own value.</summary>
    private static string? Key(ManifestNode? node) => node switch
    {
        ManifestScalar s when ScalarValue.Of(s) is var v => $"{v.Kind}:{v.Text}",
        null => "absent",
        _ => null,
    };
}
