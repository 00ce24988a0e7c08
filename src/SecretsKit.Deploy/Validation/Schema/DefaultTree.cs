using System.Globalization;
using System.Text.Json;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A schema's <c>default</c> as a manifest tree, typed as the API server's JSON decoding types it: strings are quoted
/// scalars, numbers (a whole number counts as an integer, as the API server's integer check takes it), booleans and
/// nulls are plain ones; objects keep their last value of a repeated key. Nothing of the element is kept.
/// </summary>
internal static class DefaultTree
{
    /// <summary>The tree of <paramref name="value"/>; null when it is absent (undefined) or JSON null, as no default.</summary>
    public static ManifestNode? Read<T>(T value) where T : struct, ISchemaElement<T> =>
        value.Kind is JsonValueKind.Undefined or JsonValueKind.Null ? null : Node(value);

    private static ManifestNode Node<T>(T value) where T : struct, ISchemaElement<T>
    {
        switch (value.Kind)
        {
            case JsonValueKind.Object:
                var map = new ManifestMapping();
                Dictionary<string, int>? positions = null;
                foreach (var (name, property) in value.Properties())
                {
                    positions ??= new Dictionary<string, int>(StringComparer.Ordinal);
                    var entry = new ManifestEntry(name, true, Node(property));
                    if (positions.TryGetValue(name, out var at)) map.Entries[at] = entry;
                    else
                    {
                        positions.Add(name, map.Entries.Count);
                        map.Entries.Add(entry);
                    }
                }
                return map;
            case JsonValueKind.Array:
                var list = new ManifestSequence();
                foreach (var item in value.Items()) list.Items.Add(Node(item));
                return list;
            case JsonValueKind.String:
                return new ManifestScalar(value.String(), plain: false);
            case JsonValueKind.Number:
                return new ManifestScalar(Number(value), plain: true);
            case JsonValueKind.True:
                return new ManifestScalar("true", plain: true);
            case JsonValueKind.False:
                return new ManifestScalar("false", plain: true);
            default:
                return new ManifestScalar("null", plain: true);
        }
    }

    private static string Number<T>(T value) where T : struct, ISchemaElement<T>
    {
        if (value.TryInt64(out var integer)) return integer.ToString(CultureInfo.InvariantCulture);
        value.TryDouble(out var number);
        return number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }
}
