using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// A YAML subtree (a CRD's <c>openAPIV3Schema</c>) as JSON, plain scalars typed as Kubernetes types them. Bounded in
/// nodes, so a document made of aliases cannot blow up the conversion.
/// </summary>
internal static class YamlJson
{
    public const int MaxNodes = 200_000;

    public static JsonNode? Convert(ManifestNode node)
    {
        var budget = MaxNodes;
        return Convert(node, ref budget, 0);
    }

    /// <summary>
    /// The JSON text of <see cref="Convert(ManifestNode)"/>'s tree, written straight from the YAML tree with no JSON tree
    /// between (a CRD's schema is read once, from this text): the same bytes, the same <see cref="SchemaException"/>.
    /// </summary>
    public static ReadOnlyMemory<byte> ToJson(ManifestNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var budget = MaxNodes;
            Write(writer, node, ref budget, 0);
        }
        return buffer.WrittenMemory;
    }

    private static void Write(Utf8JsonWriter writer, ManifestNode node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > 200) throw new SchemaException("schema too large or nested too deeply");
        switch (node)
        {
            case ManifestMapping map:
                writer.WriteStartObject();
                if (map.Entries.TrueForAll(e => e.Findable)) foreach (var (k, _, v) in map.Entries) Property(writer, k, v, ref budget, depth);
                else WriteMerged(writer, map, ref budget, depth);
                writer.WriteEndObject();
                break;
            case ManifestSequence seq:
                writer.WriteStartArray();
                foreach (var item in seq.Items) Write(writer, item, ref budget, depth + 1);
                writer.WriteEndArray();
                break;
            case ManifestScalar s:
                Scalar(writer, s);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void Property(Utf8JsonWriter writer, string key, ManifestNode value, ref int budget, int depth)
    {
        writer.WritePropertyName(key);
        Write(writer, value, ref budget, depth + 1);
    }

    /// <summary>A mapping with keys that are not scalars (all named ""): as a JSON object keeps them, one entry per name,
    /// where the name first appears, with its last value (the values it replaces still count against the budget).</summary>
    private static void WriteMerged(Utf8JsonWriter writer, ManifestMapping map, ref int budget, int depth)
    {
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < map.Entries.Count; i++) last[map.Entries[i].Key] = i;
        var written = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var key = map.Entries[i].Key;
            if (last[key] != i) CheckSize(map.Entries[i].Value, ref budget, depth + 1);
            if (written.Add(key)) Property(writer, key, map.Entries[last[key]].Value, ref budget, depth);
        }
    }

    private static void Scalar(Utf8JsonWriter writer, ManifestScalar s)
    {
        var value = ScalarValue.Of(s);
        switch (value.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(value.Text == "true");
                break;
            case ScalarKind.Integer when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l):
                writer.WriteNumberValue(l);
                break;
            case ScalarKind.Float when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                writer.WriteNumberValue(d);
                break;
            default:
                writer.WriteStringValue(s.Value);
                break;
        }
    }

    /// <summary>Throws the <see cref="SchemaException"/> that <see cref="Convert(ManifestNode)"/> would, without converting.</summary>
    public static void CheckSize(ManifestNode node)
    {
        var budget = MaxNodes;
        CheckSize(node, ref budget, 0);
    }

    private static void CheckSize(ManifestNode node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > 200) throw new SchemaException("schema too large or nested too deeply");
        if (node is ManifestMapping map)
        {
            foreach (var entry in map.Entries) CheckSize(entry.Value, ref budget, depth + 1);
        }
        else if (node is ManifestSequence seq)
        {
            foreach (var item in seq.Items) CheckSize(item, ref budget, depth + 1);
        }
    }

    private static JsonNode? Convert(ManifestNode node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > 200) throw new SchemaException("schema too large or nested too deeply");
        switch (node)
        {
            case ManifestMapping map:
                var o = new JsonObject();
                foreach (var (k, _, v) in map.Entries) o[k] = Convert(v, ref budget, depth + 1);
                return o;
            case ManifestSequence seq:
                var a = new JsonArray();
                foreach (var item in seq.Items) a.Add(Convert(item, ref budget, depth + 1));
                return a;
            case ManifestScalar s:
                var value = ScalarValue.Of(s);
                return value.Kind switch
                {
                    ScalarKind.Null => null,
                    ScalarKind.Boolean => JsonValue.Create(value.Text == "true"),
                    ScalarKind.Integer when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
                    ScalarKind.Float when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
                    _ => JsonValue.Create(s.Value),
                };
            default:
                return null;
        }
    }
}
