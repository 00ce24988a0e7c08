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

    private static (string? Type, bool Nullable) ReadType(JsonNode? type)
    {
        if (type is JsonValue v && v.TryGetValue<string>(out var s)) return (s, false);
        if (type is not JsonArray list) return (null, false);
        var names = list.Select(t => t is JsonValue tv && tv.TryGetValue<string>(out var n) ? n : null).OfType<string>().ToList();
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
    private static string? RefName(JsonNode? reference)
    {
        if (reference is not JsonValue v || !v.TryGetValue<string>(out var text)) return null;
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
        JsonValue v when v.TryGetValue<double>(out var d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
            ? new ScalarValue(ScalarKind.Integer, ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new ScalarValue(ScalarKind.Float, d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        _ => new ScalarValue(ScalarKind.String, value.ToJsonString()),
    };
}
