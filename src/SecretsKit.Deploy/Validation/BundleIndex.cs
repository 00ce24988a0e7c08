using System.Buffers.Text;
using System.Text;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// The index <c>scripts/k8s-schemas/bundle.py</c> writes beside each built-in bundle (<c>k8s-&lt;minor&gt;.index</c>):
/// one <c>NAME START LENGTH</c> line per top-level section (<c>@kinds</c>, <c>@source</c>, …) and per schema, byte offsets
/// into the bundle's JSON. A run reads these ~750 lines instead of walking the bundle's 250 KB to find where each schema
/// lies; each slice is still read by a JSON reader when used, so an index that does not fit its bundle fails there.
/// </summary>
internal static class BundleIndex
{
    /// <summary>The sections (names without their <c>@</c>) and the schemas, each within <paramref name="bundleLength"/> bytes.</summary>
    public static (Dictionary<string, (int Start, int Length)> Sections, Dictionary<string, (int Start, int Length)> Schemas) Read(
        ReadOnlySpan<byte> index, int bundleLength, string minor)
    {
        var sections = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var schemas = new Dictionary<string, (int, int)>(1024, StringComparer.Ordinal);
        for (var number = 1; !index.IsEmpty; number++)
        {
            var end = index.IndexOf((byte)'\n');
            if (end < 0) throw Malformed(minor, number);
            var line = index[..end];
            index = index[(end + 1)..];
            var (name, start, length) = Line(line) ?? throw Malformed(minor, number);
            if (start > bundleLength - length) throw Malformed(minor, number);
            if (name[0] == '@') sections[name[1..]] = (start, length);
            else schemas[name] = (start, length);
        }
        return (sections, schemas);
    }

    private static (string Name, int Start, int Length)? Line(ReadOnlySpan<byte> line)
    {
        var first = line.IndexOf((byte)' ');
        var last = line.LastIndexOf((byte)' ');
        if (first <= 0 || last == first || (first == 1 && line[0] == '@')) return null;
        if (!Utf8Parser.TryParse(line[(first + 1)..last], out int start, out var used) || used != last - first - 1 || start < 0) return null;
        if (!Utf8Parser.TryParse(line[(last + 1)..], out int length, out used) || used != line.Length - last - 1 || length <= 0) return null;
        return (Encoding.UTF8.GetString(line[..first]), start, length);
    }

    private static SchemaException Malformed(string minor, int line) =>
        new($"built-in schemas for Kubernetes {minor}: their index is malformed at line {line}");
}
