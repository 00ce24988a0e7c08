using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Go.Json;

/// <summary>
/// <c>json.Marshal</c> of a value Go decoded into <c>any</c>, held as a <see cref="JsonNode"/>: object keys sorted (a Go
/// map), numbers as float64 (shortest digits, exponent form below 1e-6 and from 1e21), strings with Go's escapes
/// (<c>&lt; &gt; &amp;</c> only with <c>escapeHtml</c>: ESO's <c>utils.JSONMarshal</c> is an <c>Encoder</c> with
/// <c>SetEscapeHTML(false)</c>), compact.
/// </summary>
public static class GoJsonNodes
{
    public static byte[] Marshal(IEnumerable<KeyValuePair<string, JsonNode?>> obj, bool escapeHtml) =>
        Bytes(escapeHtml, w => WriteObject(w, obj));

    public static byte[] Marshal(JsonNode? node, bool escapeHtml) => Bytes(escapeHtml, w => Write(w, node));

    /// <summary>A <c>map[string]string</c> (ESO's whole-Secret push value: each value's bytes as a Go string).</summary>
    public static byte[] Marshal(IEnumerable<KeyValuePair<string, byte[]>> map, bool escapeHtml) => Bytes(escapeHtml, w =>
    {
        w.WriteStartObject();
        foreach (var (key, value) in GoJsonWriter.SortedKeys(map))
        {
            w.WritePropertyName(key);
            w.WriteStringValue(value);
        }
        w.WriteEndObject();
    });

    private static byte[] Bytes(bool escapeHtml, Action<GoJsonWriter> write)
    {
        using var output = new MemoryStream();
        var writer = new GoJsonWriter(output, escapeHtml ? GoJsonOptions.Marshal : new GoJsonOptions(EscapeHtml: false));
        write(writer);
        writer.Finish();
        return output.ToArray();
    }

    private static void WriteObject(GoJsonWriter w, IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        w.WriteStartObject();
        foreach (var (key, value) in GoJsonWriter.SortedKeys(fields))
        {
            w.WritePropertyName(key);
            Write(w, value);
        }
        w.WriteEndObject();
    }

    private static void Write(GoJsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                WriteObject(w, o);
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String: w.WriteStringValue(value.GetValue<string>()); break;
                    case JsonValueKind.Number: w.WriteNumberValue(value.GetValue<double>()); break;
                    default: w.WriteBooleanValue(value.GetValueKind() == JsonValueKind.True); break;
                }
                break;
        }
    }
}
