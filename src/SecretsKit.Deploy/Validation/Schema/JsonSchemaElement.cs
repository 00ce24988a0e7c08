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

    public IEnumerable<(string Name, JsonSchemaElement Value)> Properties() =>
        element.EnumerateObject().Select(p => (p.Name, new JsonSchemaElement(p.Value)));

    public IEnumerable<JsonSchemaElement> Items() => element.EnumerateArray().Select(i => new JsonSchemaElement(i));

    public string String() => element.GetString()!;

    public bool TryInt64(out long value) => element.TryGetInt64(out value);

    public bool TryDouble(out double value) => element.TryGetDouble(out value);

    public string RawText() => element.GetRawText();
}
