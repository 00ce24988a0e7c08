using System.Globalization;
using System.Text;
using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// The <c>data</c> (base64) and <c>stringData</c> entries of a Kubernetes Secret, rendered without their values:
/// <c>key: (changed, 12 → 14 bytes)</c>, <c>(unchanged, 12 bytes)</c>, <c>(added, 9 bytes)</c>, <c>(removed)</c>;
/// sizes are of the decoded bytes. A changed key shows its old size on the old side, so the line differs.
/// </summary>
internal static class SecretDataEntries
{
    public static readonly string[] Sections = { "data", "stringData" };

    /// <summary>Adds one replacement per non-empty section of <paramref name="secret"/>.</summary>
    public static void Redact(YamlMappingNode secret, YamlMappingNode? other, DiffSide side, IReadOnlyList<string> lines, List<LineReplacement> replacements)
    {
        foreach (var section in Sections)
        {
            var entry = secret.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == section);
            if (entry.Key is null) continue;
            var first = YamlSpan.FirstLine(entry.Key);
            var last = Math.Max(first, YamlSpan.LastLine(entry.Value));
            var head = YamlSpan.Before(lines[first], entry.Key.End.Column) + ":";
            switch (entry.Value)
            {
                case YamlMappingNode { Children.Count: > 0 } values:
                    var otherValues = other is null ? null : ManifestDocument.Child(other, section) as YamlMappingNode;
                    var indent = YamlSpan.Indent(lines[first]) + "  ";
                    var rendered = new List<string> { head };
                    foreach (var (key, value) in values.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value ?? "?";
                        var otherValue = otherValues is null ? null : ManifestDocument.Child(otherValues, name);
                        rendered.Add($"{indent}{name}: {Marker(section, value, other is null ? null : otherValue, side)}");
                    }
                    replacements.Add(new LineReplacement(first, last, rendered));
                    break;
                // a null section (as kubectl reads it: sigs.k8s.io/yaml) has nothing to redact; a quoted "null" is a string
                case YamlScalarNode { Value: { Length: > 0 } v } s when !(s.Style == YamlDotNet.Core.ScalarStyle.Plain && YamlScalars.IsNull(v)):
                    replacements.Add(new LineReplacement(first, last, new[] { head + " (redacted)" }));
                    break;
                case YamlSequenceNode:
                    replacements.Add(new LineReplacement(first, last, new[] { head + " (redacted)" }));
                    break;
            }
        }
    }

    /// <summary>Decoded values of every entry (for redacting the same secret wherever else it appears).</summary>
    public static IEnumerable<byte[]> Values(YamlMappingNode secret)
    {
        foreach (var section in Sections)
        {
            if (ManifestDocument.Child(secret, section) is not YamlMappingNode values) continue;
            foreach (var (_, value) in values.Children)
            {
                if (value is YamlScalarNode s) yield return Bytes(section, s);
            }
        }
    }

    private static string Marker(string section, YamlNode value, YamlNode? other, DiffSide side)
    {
        var bytes = value is YamlScalarNode s ? Bytes(section, s) : Encoding.UTF8.GetBytes(YamlSpan.Canonical(value));
        byte[]? otherBytes = other switch
        {
            null => null,
            YamlScalarNode o => Bytes(section, o),
            _ => Encoding.UTF8.GetBytes(YamlSpan.Canonical(other)),
        };
        var size = Size(bytes.Length);
        if (otherBytes is null) return side == DiffSide.New ? $"(added, {size})" : "(removed)";
        if (bytes.AsSpan().SequenceEqual(otherBytes)) return $"(unchanged, {size})";
        return side == DiffSide.New
            ? $"(changed, {otherBytes.Length.ToString(CultureInfo.InvariantCulture)} \u2192 {size})"
            : $"(was {size})";
    }

    private static string Size(int length) => length.ToString(CultureInfo.InvariantCulture) + (length == 1 ? " byte" : " bytes");

    /// <summary>The bytes a value stands for: base64-decoded for <c>data</c> (raw text when not valid base64).</summary>
    private static byte[] Bytes(string section, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (section != "data") return Encoding.UTF8.GetBytes(text);
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(text);
    }
}
