using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation.Rules;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// Reads a schema in any of the three shapes validation meets into <see cref="SchemaNode"/>s: the built-in bundle
/// (refs are bare schema names), a CRD's <c>openAPIV3Schema</c> (converted from YAML) and a JSON Schema file such as
/// kubeconform's (types may be lists with "null", refs <c>#/definitions/…</c>). Keywords it does not check are ignored,
/// so an unknown construct never produces a false error.
/// </summary>
internal static class SchemaReader
{
    private const int MaxDepth = 256;

    /// <summary>JSON nesting allowed when parsing a schema: two JSON levels per schema level, and some room.</summary>
    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = (2 * MaxDepth) + 16 };

    /// <summary>A schema held as a <see cref="JsonNode"/> (a CRD's, converted from YAML), read as its JSON text.</summary>
    public static SchemaNode Read(JsonNode? node)
    {
        if (node is not JsonObject) return SchemaNode.Any;
        using var document = JsonDocument.Parse(node.ToJsonString(), ParseOptions);
        return Read(document.RootElement);
    }

    /// <summary>A schema as UTF-8 JSON text (a CRD's, written from YAML by <c>YamlJson.ToJson</c>); not an object: <see cref="SchemaNode.Any"/>.</summary>
    public static SchemaNode Read(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json, ParseOptions);
        return Read(document.RootElement);
    }

    /// <summary>
    /// One schema held as a <see cref="JsonElement"/>: no <see cref="JsonNode"/> tree is built. A JSON null counts as
    /// absent. Nothing of the element is kept, so the document it belongs to may be disposed afterwards.
    /// </summary>
    public static SchemaNode Read(JsonElement o, int depth = 0)
    {
        if (o.ValueKind != JsonValueKind.Object) return SchemaNode.Any;
        if (depth > MaxDepth) throw new SchemaException("schema nested too deeply");
        var (type, nullable) = ReadType(Get(o, "type"));
        var format = Text(o, "format");
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
            Required = Strings(Get(o, "required")),
            Items = Get(o, "items") is { ValueKind: JsonValueKind.Object } items ? Read(items, depth + 1) : null,
            AdditionalProperties = additional.ValueKind == JsonValueKind.Object ? Read(additional, depth + 1) : null,
            AdditionalAllowed = additional.ValueKind == JsonValueKind.True,
            AdditionalForbidden = additional.ValueKind == JsonValueKind.False,
            Enum = Get(o, "enum") is { ValueKind: JsonValueKind.Array } e
                ? e.EnumerateArray().Where(v => !(nullable && v.ValueKind == JsonValueKind.Null)).Select(Scalar).ToList() : null,
            IntOrString = intOrString,
            PreserveUnknownFields = Flag(o, "x-kubernetes-preserve-unknown-fields"),
            Pattern = Text(o, "pattern") is { } pattern ? new SchemaPattern(pattern) : null,
            Bounds = Bounds(o),
            ListType = Text(o, "x-kubernetes-list-type"),
            ListMapKeys = Strings(Get(o, "x-kubernetes-list-map-keys")),
            Default = Get(o, "default") is { ValueKind: JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } d ? Scalar(d) : null,
            DefaultValue = DefaultTree.Read(Get(o, "default")),
            Nullable = nullable || Flag(o, "nullable"),
            CelRules = CelRules(Get(o, "x-kubernetes-validations")),
            Ref = RefName(Get(o, "$ref") is { ValueKind: not JsonValueKind.Undefined } r ? r : SingleAllOfRef(Get(o, "allOf"))),
        };
    }

    /// <summary>The property, or an undefined element when it is absent or null.</summary>
    private static JsonElement Get(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : default;

    private static string? Text(JsonElement o, string name) =>
        Get(o, name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static List<string> Strings(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList()
            : [];

    private static SchemaBounds? Bounds(JsonElement o)
    {
        var minimum = Number(Get(o, "minimum"));
        var maximum = Number(Get(o, "maximum"));
        var exclusiveMinimum = Get(o, "exclusiveMinimum");
        var exclusiveMaximum = Get(o, "exclusiveMaximum");
        // draft 6 and later write the exclusive bound itself as the value
        if (Number(exclusiveMinimum) is { } xmin) minimum = minimum is { } m ? Math.Max(m, xmin) : xmin;
        if (Number(exclusiveMaximum) is { } xmax) maximum = maximum is { } m ? Math.Min(m, xmax) : xmax;
        var bounds = new SchemaBounds
        {
            Minimum = minimum,
            Maximum = maximum,
            ExclusiveMinimum = exclusiveMinimum.ValueKind is JsonValueKind.True or JsonValueKind.Number,
            ExclusiveMaximum = exclusiveMaximum.ValueKind is JsonValueKind.True or JsonValueKind.Number,
            MinLength = Count(Get(o, "minLength")),
            MaxLength = Count(Get(o, "maxLength")),
            MinItems = Count(Get(o, "minItems")),
            MaxItems = Count(Get(o, "maxItems")),
            MinProperties = Count(Get(o, "minProperties")),
            MaxProperties = Count(Get(o, "maxProperties")),
        };
        return bounds == Empty ? null : bounds;
    }

    private static readonly SchemaBounds Empty = new();

    private static double? Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static long? Count(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0 ? n : null;

    private static List<CelRule> CelRules(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array) return [];
        return list.EnumerateArray()
            .Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "rule") is not null)
            .Select(r => new CelRule(Text(r, "rule")!, Text(r, "message"), Text(r, "messageExpression"), Text(r, "reason"), Text(r, "fieldPath"),
                Flag(r, "optionalOldSelf")))
            .ToList();
    }

    private static (string? Type, bool Nullable) ReadType(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String) return (type.GetString(), false);
        if (type.ValueKind != JsonValueKind.Array) return (null, false);
        return TypeOf(Strings(type));
    }

    /// <summary>A list of type names: one type (and whether "null" was among them), int-or-string, or none.</summary>
    private static (string? Type, bool Nullable) TypeOf(List<string> names)
    {
        var nullable = names.Remove("null");
        if (names.Count == 1) return (names[0], nullable);
        if (names.Order(StringComparer.Ordinal).SequenceEqual(["integer", "string"])) return ("int-or-string", nullable);
        return (null, nullable);
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

    /// <summary>The schema name a <c>$ref</c> points at: the last part of <c>#/definitions/x</c> or <c>#/components/schemas/x</c>, or a bare name.</summary>
    private static string? RefName(JsonElement reference)
    {
        if (reference.ValueKind != JsonValueKind.String) return null;
        var text = reference.GetString()!;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0) return null; // a ref into another file: not followed (anything goes)
        return hash == 0 ? text[(text.LastIndexOf('/') + 1)..] : text;
    }

    private static ScalarValue Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => new ScalarValue(ScalarKind.Null, "null"),
        JsonValueKind.String => new ScalarValue(ScalarKind.String, value.GetString()!),
        JsonValueKind.True => new ScalarValue(ScalarKind.Boolean, "true"),
        JsonValueKind.False => new ScalarValue(ScalarKind.Boolean, "false"),
        JsonValueKind.Number when value.TryGetInt64(out var l) => new ScalarValue(ScalarKind.Integer, l.ToString(CultureInfo.InvariantCulture)),
        JsonValueKind.Number when value.TryGetDouble(out var d) => NumberValue(d),
        _ => new ScalarValue(ScalarKind.String, value.GetRawText()),
    };

    private static ScalarValue NumberValue(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? new ScalarValue(ScalarKind.Integer, ((long)d).ToString(CultureInfo.InvariantCulture))
        : new ScalarValue(ScalarKind.Float, d.ToString("R", CultureInfo.InvariantCulture));
}
