using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// A manifest value as JSON, the way the API server decodes it before running CEL: a scalar under a <c>string</c>
/// schema is its text; other scalars are typed as YAML 1.1 types them (null, boolean, integer, number; the engine
/// makes an integer a double where the schema says <c>number</c>); a null field is dropped; a missing field whose schema
/// has a scalar <c>default</c> gets it (the API server defaults an object before it validates it; object and list
/// defaults are not filled in); an unresolved alias, a non-finite float and anything nested deeper than the bound are null.
/// </summary>
internal static class CelValues
{
    private const int MaxDepth = 200;

    public static JsonElement ToJson(ManifestNode value, SchemaNode schema, SchemaSet refs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = MaxDepth + 8 }))
        {
            Write(writer, value, schema, refs, 0);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = MaxDepth + 8 });
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, ManifestNode value, SchemaNode schema, SchemaSet refs, int depth)
    {
        schema = refs.Resolve(schema);
        switch (value)
        {
            case ManifestMapping map when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var (key, findable, child) in map.Entries)
                {
                    if (!findable || child is ManifestScalar s && ScalarValue.Of(s).Kind == ScalarKind.Null) continue;
                    writer.WritePropertyName(key);
                    var childSchema = schema.Properties?.GetValueOrDefault(key) ?? schema.AdditionalProperties ?? SchemaNode.Any;
                    Write(writer, child, childSchema, refs, depth + 1);
                }
                WriteDefaults(writer, map, schema, refs);
                writer.WriteEndObject();
                break;
            case ManifestSequence seq when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (var item in seq.Items) Write(writer, item, schema.Items ?? SchemaNode.Any, refs, depth + 1);
                writer.WriteEndArray();
                break;
            case ManifestScalar scalar:
                Scalar(writer, scalar, schema);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>The declared properties <paramref name="map"/> lacks (or holds null) that have a scalar default, with it.</summary>
    private static void WriteDefaults(Utf8JsonWriter writer, ManifestMapping map, SchemaNode schema, SchemaSet refs)
    {
        if (schema.Properties is not { } properties) return;
        foreach (var (name, property) in properties)
        {
            if (refs.Resolve(property).Default is not { } value) continue;
            if (map.Find(name) is { } present && !(present is ManifestScalar s && ScalarValue.Of(s).Kind == ScalarKind.Null)) continue;
            writer.WritePropertyName(name);
            switch (value.Kind)
            {
                case ScalarKind.Boolean:
                    writer.WriteBooleanValue(value.Text == "true");
                    break;
                case ScalarKind.Integer or ScalarKind.Float:
                    writer.WriteRawValue(value.Text);
                    break;
                default:
                    writer.WriteStringValue(value.Text);
                    break;
            }
        }
    }

    private static void Scalar(Utf8JsonWriter writer, ManifestScalar scalar, SchemaNode schema)
    {
        var value = ScalarValue.Of(scalar);
        if (value.Kind == ScalarKind.Null)
        {
            writer.WriteNullValue();
            return;
        }
        if (schema.Type == "string" && !schema.IntOrString)
        {
            writer.WriteStringValue(scalar.Value);
            return;
        }
        switch (value.Kind)
        {
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(value.Text == "true");
                break;
            case ScalarKind.Integer when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                writer.WriteNumberValue(integer);
                break;
            case ScalarKind.Integer or ScalarKind.Float
                when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                if (value.Kind == ScalarKind.Float && Math.Abs(number) < 1e15 && Math.Floor(number) == number)
                    writer.WriteRawValue(number.ToString("F1", CultureInfo.InvariantCulture)); // stays a double
                else writer.WriteNumberValue(number);
                break;
            case ScalarKind.String:
                writer.WriteStringValue(scalar.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
