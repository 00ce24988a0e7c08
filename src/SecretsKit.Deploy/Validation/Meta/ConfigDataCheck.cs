using System.Text;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Meta;

/// <summary>
/// What the API server refuses in a Secret's or ConfigMap's data that no schema says: keys that are not config keys
/// (<see cref="NameFormats.IsConfigKey"/>; a Secret's <c>stringData</c> keys too, as they merge into <c>data</c>), a
/// ConfigMap key in both <c>data</c> and <c>binaryData</c>, and a total over 1 MiB (values decoded: base64 for Secret
/// <c>data</c> and <c>binaryData</c>). Keys are printed in the API server's texts; values never.
/// </summary>
internal static class ConfigDataCheck
{
    public const int MaxBytes = 1024 * 1024;

    public static void Check(SchemaKey key, ManifestMapping root, Action<string, string> report)
    {
        if (key.Group.Length != 0 || key.Version != "v1") return;
        if (key.Kind == "Secret") CheckSecret(root, report);
        else if (key.Kind == "ConfigMap") CheckConfigMap(root, report);
    }

    private static void CheckSecret(ManifestMapping root, Action<string, string> report)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        Keys(root, "data", base64: true, sizes, report);
        Keys(root, "stringData", base64: false, sizes, report); // stringData wins over data for the same key
        if (sizes.Values.Sum() > MaxBytes) report("data", $"Too long: may not be more than {MaxBytes} bytes");
    }

    private static void CheckConfigMap(ManifestMapping root, Action<string, string> report)
    {
        var data = new Dictionary<string, long>(StringComparer.Ordinal);
        var binary = new Dictionary<string, long>(StringComparer.Ordinal);
        Keys(root, "data", base64: false, data, report);
        Keys(root, "binaryData", base64: true, binary, report);
        foreach (var both in binary.Keys.Where(data.ContainsKey))
        {
            ObjectMetaCheck.Invalid(FieldPath.Join("binaryData", both), both, ["duplicate of key present in data"], report);
        }
        if (data.Values.Sum() + binary.Values.Sum() > MaxBytes) report("", $"Too long: may not be more than {MaxBytes} bytes");
    }

    /// <summary>Checks the keys under <paramref name="field"/> and records each value's size in bytes (decoded when <paramref name="base64"/>).</summary>
    private static void Keys(ManifestMapping root, string field, bool base64, Dictionary<string, long> sizes, Action<string, string> report)
    {
        if (root.Find(field) is not ManifestMapping map) return;
        foreach (var (dataKey, _, value) in map.Entries)
        {
            ObjectMetaCheck.Invalid(FieldPath.Join(field, dataKey), dataKey, NameFormats.IsConfigKey(dataKey), report);
            var text = value is ManifestScalar s ? s.Value : "";
            sizes[dataKey] = base64 ? DecodedLength(text) : Encoding.UTF8.GetByteCount(text);
        }
    }

    /// <summary>The bytes base64 text decodes to (whitespace ignored), computed from its length.</summary>
    private static long DecodedLength(string text)
    {
        long chars = 0, padding = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            chars++;
            if (c == '=') padding++;
        }
        return (chars * 3 / 4) - padding;
    }
}
