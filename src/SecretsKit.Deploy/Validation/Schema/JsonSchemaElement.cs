using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>A schema value in a parsed JSON document.</summary>
internal readonly struct JsonSchemaElement(JsonElement element) : ISchemaElement<JsonSchemaElement>
{
    public JsonValueKind Kind => element.ValueKind;

    public int Count => element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : element.EnumerateObject().Count();

    public bool TryGet(string name, out JsonSchemaElement value)
    {
        var found = element.TryGetProperty(name, out var v);
        value = new JsonSchemaElement(v);
        return found;
    }

    public void ReadKeywords(ref SchemaKeywords<JsonSchemaElement> keywords)
    {
        Span<char> name = stackalloc char[SchemaKeywordNames.MaxLength];
        foreach (var property in element.EnumerateObject())
        {
            // the name as written: unescaped ASCII (every keyword as a schema writes it) is widened without a string
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var keyword = raw.Contains((byte)'\\') ? SchemaKeywordNames.Of(property.Name)
                : raw.Length <= name.Length && Ascii.ToUtf16(raw, name, out var written) == System.Buffers.OperationStatus.Done ? SchemaKeywordNames.Of(name[..written]) : -1;
            if (keyword >= 0) keywords.Set(keyword, new JsonSchemaElement(property.Value));
        }
    }

    public IEnumerable<(string Name, JsonSchemaElement Value)> Properties() =>
        element.EnumerateObject().Select(p => (p.Name, new JsonSchemaElement(p.Value)));

    public IEnumerable<JsonSchemaElement> Items() => element.EnumerateArray().Select(i => new JsonSchemaElement(i));

    public string String() => element.GetString()!;

    public bool TryInt64(out long value) => element.TryGetInt64(out value);

    public bool TryDouble(out double value) => element.TryGetDouble(out value);

    public string RawText() => element.GetRawText();
}
