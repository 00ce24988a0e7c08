using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Reads a schema in any of the three shapes validation meets into <see cref="SchemaNode"/>s: the built-in bundle
/// (refs are bare schema names), a CRD's <c>openAPIV3Schema</c> (converted from YAML) and a JSON Schema file such as
/// kubeconform's (types may be lists with "null", refs <c>#/definitions/…</c>). Keywords it does not check are ignored,
/// so an unknown construct never produces a false error.
/// </summary>
internal static class SchemaReader
{
    private const int MaxDepth = 256;

    public static SchemaNode Read(JsonNode? node, int depth = 0)
    {
        if (node is not JsonObject o) return SchemaNode.Any;
        if (depth > MaxDepth) throw new SchemaException("schema nested too deeply");
        var (type, nullable) = ReadType(o["type"]);
        var intOrString = Flag(o, "x-kubernetes-int-or-string") || o["format"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && (string?)o["format"] == "int-or-string" || IsIntOrString(o["oneOf"]) || IsIntOrString(o["anyOf"]) || type == "int-or-string";
        if (type == "quantity" || IsQuantity(o["oneOf"]) || IsQuantity(o["anyOf"])) type = "quantity";
        var additional = o["additionalProperties"];
        return new SchemaNode
        {
            Type = intOrString ? null : type,
            Format = o["format"] is JsonValue f && f.TryGetValue<string>(out var fs) ? fs : null,
            Properties = o["properties"] is JsonObject props ? props.ToDictionary(p => p.Key, p => Read(p.Value, depth + 1), StringComparer.Ordinal) : null,
            Required = o["required"] is JsonArray req ? req.Select(r => r is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [],
            Items = o["items"] is JsonObject items ? Read(items, depth + 1) : null,
            AdditionalProperties = additional is JsonObject ap ? Read(ap, depth + 1) : null,
            AdditionalAllowed = additional is JsonValue b && b.TryGetValue<bool>(out var allowed) && allowed,
            Enum = o["enum"] is JsonArray e ? e.Where(v => !(nullable && v is null)).Select(Scalar).ToList() : null,
            IntOrString = intOrString,
            PreserveUnknownFields = Flag(o, "x-kubernetes-preserve-unknown-fields"),
            Ref = RefName(o["$ref"] ?? SingleAllOfRef(o["allOf"])),
        };
    }

    /// <summary>
    /// The same reading of a schema held as a <see cref="JsonElement"/> (the built-in bundle's, parsed on first use):
    /// no <see cref="JsonNode"/> tree is built. A JSON null counts as absent, as <see cref="JsonObject"/>'s indexer has it.
    /// </summary>
    public static SchemaNode Read(JsonElement o, int depth = 0)
    {
        if (o.ValueKind != JsonValueKind.Object) return SchemaNode.Any;
        if (depth > MaxDepth) throw new SchemaException("schema nested too deeply");
        var (type, nullable) = ReadType(Get(o, "type"));
        var format = Get(o, "format") is { ValueKind: JsonValueKind.String } f ? f.GetString() : null;
        var intOrString = Flag(o, "x-kubernetes-int-or-string") || format == "int-or-string" || IsIntOrString(Get(o, "oneOf"))
            || IsIntOrString(Get(o, "anyOf")) || type == "int-or-string";
        if (type == "quantity" || IsQuantity(Get(o, "oneOf")) || IsQuantity(Get(o, "anyOf"))) type = "quantity";
        var additional = Get(o, "additionalProperties");
        Dictionary<string, SchemaNode>? properties = null;
        if (Get(o, "properties") is { ValueKind: JsonValueKind.Object } props)
        {
            properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var p in props.EnumerateObject()) properties.Add(p.Name, Read(p.Value, depth + 1));
        }
        return new SchemaNode
        {
            Type = intOrString ? null : type,
            Format = format,
            Properties = properties,
            Required = Get(o, "required") is { ValueKind: JsonValueKind.Array } req
                ? req.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList() : [],
            Items = Get(o, "items") is { ValueKind: JsonValueKind.Object } items ? Read(items, depth + 1) : null,
            AdditionalProperties = additional.ValueKind == JsonValueKind.Object ? Read(additional, depth + 1) : null,
            AdditionalAllowed = additional.ValueKind == JsonValueKind.True,
            Enum = Get(o, "enum") is { ValueKind: JsonValueKind.Array } e
                ? e.EnumerateArray().Where(v => !(nullable && v.ValueKind == JsonValueKind.Null)).Select(Scalar).ToList() : null,
            IntOrString = intOrString,
            PreserveUnknownFields = Flag(o, "x-kubernetes-preserve-unknown-fields"),
            Ref = RefName(Get(o, "$ref") is { ValueKind: not JsonValueKind.Undefined } r ? r : SingleAllOfRef(Get(o, "allOf"))),
        };
    }

    /// <summary>The property, or an undefined element when it is absent or null.</summary>
    private static JsonElement Get(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : default;

    private static (string? Type, bool Nullable) ReadType(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String) return (type.GetString(), false);
        if (type.ValueKind != JsonValueKind.Array) return (null, false);
        var names = type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
        return TypeOf(names);
    }

    private static bool Flag(JsonElement o, string name) => Get(o, name).ValueKind == JsonValueKind.True;

    private static bool IsIntOrString(JsonElement alternatives) => TypesOf(alternatives) is ["integer", "string"];

    private static bool IsQuantity(JsonElement alternatives) => TypesOf(alternatives) is ["number", "string"];

    private static string[]? TypesOf(JsonElement alternatives) =>
        alternatives.ValueKind == JsonValueKind.Array && alternatives.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Object
            && x.EnumerateObject().Count() == 1 && Get(x, "type").ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Array))
            ? alternatives.EnumerateArray().Select(x => Get(x, "type").GetString() ?? "").Order(StringComparer.Ordinal).ToArray()
            : null;

    private static JsonElement SingleAllOfRef(JsonElement allOf) =>
        allOf.ValueKind == JsonValueKind.Array && allOf.GetArrayLength() == 1 && allOf[0].ValueKind == JsonValueKind.Object ? Get(allOf[0], "$ref") : default;

    private static string? RefName(JsonElement reference) =>
        reference.ValueKind == JsonValueKind.String ? RefName(reference.GetString()!) : null;

    private static ScalarValue Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => new ScalarValue(ScalarKind.Null, "null"),
        JsonValueKind.String => new ScalarValue(ScalarKind.String, value.GetString()!),
        JsonValueKind.True => new ScalarValue(ScalarKind.Boolean, "true"),
        JsonValueKind.False => new ScalarValue(ScalarKind.Boolean, "false"),
        JsonValueKind.Number when value.TryGetInt64(out var l) => new ScalarValue(ScalarKind.Integer, l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        JsonValueKind.Number when value.TryGetDouble(out var d) => Number(d),
        _ => new ScalarValue(ScalarKind.String, value.GetRawText()),
    };

    private static ScalarValue Number(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? new ScalarValue(ScalarKind.Integer, ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture))
        : new ScalarValue(ScalarKind.Float, d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    private static (string? Type, bool Nullable) ReadType(JsonNode? type)
    {
        if (type is JsonValue v && v.TryGetValue<string>(out var s)) return (s, false);
        if (type is not JsonArray list) return (null, false);
        return TypeOf(list.Select(t => t is JsonValue tv && tv.TryGetValue<string>(out var n) ? n : null).OfType<string>().ToList());
    }

    /// <summary>A list of type names: one type (and whether "null" was among them), int-or-string, or none.</summary>
    private static (string? Type, bool Nullable) TypeOf(List<string> names)
    {
        var nullable = names.Remove("null");
        if (names.Count == 1) return (names[0], nullable);
        if (names.Order(StringComparer.Ordinal).SequenceEqual(["integer", "string"])) return ("int-or-string", nullable);
        return (null, nullable);
    }

    private static bool Flag(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static bool IsIntOrString(JsonNode? alternatives) => TypesOf(alternatives) is ["integer", "string"];

    private static bool IsQuantity(JsonNode? alternatives) => TypesOf(alternatives) is ["number", "string"];

    private static string[]? TypesOf(JsonNode? alternatives) =>
        alternatives is JsonArray a && a.All(x => x is JsonObject xo && xo.Count == 1 && xo["type"] is JsonValue)
            ? a.Select(x => (string?)x!["type"] ?? "").Order(StringComparer.Ordinal).ToArray()
            : null;

    private static JsonNode? SingleAllOfRef(JsonNode? allOf) =>
        allOf is JsonArray { Count: 1 } a && a[0] is JsonObject only ? only["$ref"] : null;

    /// <summary>The schema name a <c>$ref</c> points at: the last part of <c>#/definitions/x</c> or <c>#/components/schemas/x</c>, or a bare name.</summary>
    private static string? RefName(JsonNode? reference) =>
        reference is JsonValue v && v.TryGetValue<string>(out var text) ? RefName(text) : null;

    private static string? RefName(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0) return null; // a ref into another file: not followed (anything goes)
        return hash == 0 ? text[(text.LastIndexOf('/') + 1)..] : text;
    }

    private static ScalarValue Scalar(JsonNode? value) => value switch
    {
        null => new ScalarValue(ScalarKind.Null, "null"),
        JsonValue v when v.TryGetValue<string>(out var s) => new ScalarValue(ScalarKind.String, s),
        JsonValue v when v.TryGetValue<bool>(out var b) => new ScalarValue(ScalarKind.Boolean, b ? "true" : "false"),
        JsonValue v when v.TryGetValue<long>(out var l) => new ScalarValue(ScalarKind.Integer, l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        JsonValue v when v.TryGetValue<double>(out var d) => Number(d),
        _ => new ScalarValue(ScalarKind.String, value.ToJsonString()),
    };
}
