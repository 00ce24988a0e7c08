using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation.Tree;

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

    /// <summary>
    /// A CRD's schema in its YAML tree (an <c>openAPIV3Schema</c> whose size <see cref="YamlJson.CheckSize(ManifestNode)"/>
    /// accepted), or a built-in schema's <see cref="JsonTree"/>, read as the JSON <see cref="YamlJson"/> writes for it,
    /// with no JSON text between.
    /// </summary>
    public static SchemaNode Read(ManifestNode node) => Read(new YamlSchemaElement(node));

    /// <summary>
    /// One schema held as a <see cref="JsonElement"/>: no <see cref="JsonNode"/> tree is built. Nothing of the element is
    /// kept, so the document it belongs to may be disposed afterwards.
    /// </summary>
    public static SchemaNode Read(JsonElement o) => Read(new JsonSchemaElement(o));

    /// <summary>One schema, whatever it was parsed from. A JSON null counts as absent.</summary>
    private static SchemaNode Read<T>(T o, int depth = 0) where T : struct, ISchemaElement<T>
    {
        if (o.Kind != JsonValueKind.Object) return SchemaNode.Any;
        if (depth > MaxDepth) throw new SchemaException("schema nested too deeply");
        var k = default(SchemaKeywords<T>);
        o.ReadKeywords(ref k);
        var (type, nullable) = ReadType(k.Get(SchemaKeyword.Type));
        var format = Text(k.Get(SchemaKeyword.Format));
        var oneOf = k.Get(SchemaKeyword.OneOf);
        var anyOf = k.Get(SchemaKeyword.AnyOf);
        var intOrString = IsTrue(k.Get(SchemaKeyword.IntOrString)) || format == "int-or-string" || IsIntOrString(oneOf)
            || IsIntOrString(anyOf) || type == "int-or-string";
        if (type == "quantity" || IsQuantity(oneOf) || IsQuantity(anyOf)) type = "quantity";
        var additional = k.Get(SchemaKeyword.AdditionalProperties);
        Dictionary<string, SchemaNode>? properties = null;
        if (k.Get(SchemaKeyword.Properties) is { Kind: JsonValueKind.Object } props)
        {
            properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var (name, value) in props.Properties()) properties[name] = Read(value, depth + 1); // a name written twice: the last, as Go decodes JSON
        }
        var defaultValue = k.Get(SchemaKeyword.Default);
        return new SchemaNode
        {
            Type = intOrString ? null : type,
            Format = format,
            Properties = properties,
            Required = Strings(k.Get(SchemaKeyword.Required)) ?? [],
            Items = k.Get(SchemaKeyword.Items) is { Kind: JsonValueKind.Object } items ? Read(items, depth + 1) : null,
            AdditionalProperties = additional.Kind == JsonValueKind.Object ? Read(additional, depth + 1) : null,
            AdditionalAllowed = additional.Kind == JsonValueKind.True,
            AdditionalForbidden = additional.Kind == JsonValueKind.False,
            Enum = k.Get(SchemaKeyword.Enum) is { Kind: JsonValueKind.Array } e
                ? e.Items().Where(v => !(nullable && v.Kind == JsonValueKind.Null)).Select(Scalar).ToList() : null,
            IntOrString = intOrString,
            PreserveUnknownFields = IsTrue(k.Get(SchemaKeyword.PreserveUnknownFields)),
            Pattern = Text(k.Get(SchemaKeyword.Pattern)) is { } pattern ? new SchemaPattern(pattern) : null,
            Bounds = Bounds(ref k),
            ListType = Text(k.Get(SchemaKeyword.ListType)),
            ListMapKeys = Strings(k.Get(SchemaKeyword.ListMapKeys)) ?? [],
            Default = defaultValue is { Kind: JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } d ? Scalar(d) : null,
            DefaultValue = DefaultTree.Read(defaultValue),
            Nullable = nullable || IsTrue(k.Get(SchemaKeyword.Nullable)),
            CelRules = CelRules(k.Get(SchemaKeyword.Validations)),
            Ref = RefName(k.Get(SchemaKeyword.Ref) is { Kind: not JsonValueKind.Undefined } r ? r : SingleAllOfRef(k.Get(SchemaKeyword.AllOf))),
        };
    }

    /// <summary>The property, or an undefined element when it is absent or null.</summary>
    private static T Get<T>(T o, string name) where T : struct, ISchemaElement<T> =>
        o.TryGet(name, out var v) && v.Kind != JsonValueKind.Null ? v : default;

    private static string? Text<T>(T o, string name) where T : struct, ISchemaElement<T> => Text(Get(o, name));

    private static string? Text<T>(T value) where T : struct, ISchemaElement<T> =>
        value is { Kind: JsonValueKind.String } s ? s.String() : null;

    // plain loops, not LINQ: a LINQ chain over an element type is a generic virtual call that a native process resolves
    // on first use, per type, at a cost a one-shot validate notices
    /// <summary>The strings of an array; null when it is not one (most keywords are absent: no list is made for them).</summary>
    private static List<string>? Strings<T>(T list) where T : struct, ISchemaElement<T>
    {
        if (list.Kind != JsonValueKind.Array) return null;
        var strings = new List<string>();
        foreach (var item in list.Items())
        {
            if (item.Kind == JsonValueKind.String) strings.Add(item.String());
        }
        return strings;
    }

    private static SchemaBounds? Bounds<T>(ref SchemaKeywords<T> k) where T : struct, ISchemaElement<T>
    {
        var minimum = Number(k.Get(SchemaKeyword.Minimum));
        var maximum = Number(k.Get(SchemaKeyword.Maximum));
        var exclusiveMinimum = k.Get(SchemaKeyword.ExclusiveMinimum);
        var exclusiveMaximum = k.Get(SchemaKeyword.ExclusiveMaximum);
        // draft 6 and later write the exclusive bound itself as the value
        if (Number(exclusiveMinimum) is { } xmin) minimum = minimum is { } m ? Math.Max(m, xmin) : xmin;
        if (Number(exclusiveMaximum) is { } xmax) maximum = maximum is { } m ? Math.Min(m, xmax) : xmax;
        var bounds = new SchemaBounds
        {
            Minimum = minimum,
            Maximum = maximum,
            ExclusiveMinimum = exclusiveMinimum.Kind is JsonValueKind.True or JsonValueKind.Number,
            ExclusiveMaximum = exclusiveMaximum.Kind is JsonValueKind.True or JsonValueKind.Number,
            MinLength = Count(k.Get(SchemaKeyword.MinLength)),
            MaxLength = Count(k.Get(SchemaKeyword.MaxLength)),
            MinItems = Count(k.Get(SchemaKeyword.MinItems)),
            MaxItems = Count(k.Get(SchemaKeyword.MaxItems)),
            MinProperties = Count(k.Get(SchemaKeyword.MinProperties)),
            MaxProperties = Count(k.Get(SchemaKeyword.MaxProperties)),
        };
        return bounds == Empty ? null : bounds;
    }

    private static readonly SchemaBounds Empty = new();

    private static double? Number<T>(T value) where T : struct, ISchemaElement<T> =>
        value.Kind == JsonValueKind.Number && value.TryDouble(out var d) && double.IsFinite(d) ? d : null;

    private static long? Count<T>(T value) where T : struct, ISchemaElement<T> =>
        value.Kind == JsonValueKind.Number && value.TryInt64(out var n) && n >= 0 ? n : null;

    private static IReadOnlyList<CelRule> CelRules<T>(T list) where T : struct, ISchemaElement<T>
    {
        if (list.Kind != JsonValueKind.Array) return [];
        var rules = new List<CelRule>();
        foreach (var r in list.Items())
        {
            if (r.Kind != JsonValueKind.Object || Text(r, "rule") is not { } rule) continue;
            rules.Add(new CelRule(rule, Text(r, "message"), Text(r, "messageExpression"), Text(r, "reason"), Text(r, "fieldPath"), Flag(r, "optionalOldSelf")));
        }
        return rules;
    }

    private static (string? Type, bool Nullable) ReadType<T>(T type) where T : struct, ISchemaElement<T>
    {
        if (type.Kind == JsonValueKind.String) return (type.String(), false);
        if (type.Kind != JsonValueKind.Array) return (null, false);
        return TypeOf(Strings(type)!);
    }

    /// <summary>A list of type names: one type (and whether "null" was among them), int-or-string, or none.</summary>
    private static (string? Type, bool Nullable) TypeOf(List<string> names)
    {
        var nullable = names.Remove("null");
        if (names.Count == 1) return (names[0], nullable);
        if (names.Order(StringComparer.Ordinal).SequenceEqual(["integer", "string"])) return ("int-or-string", nullable);
        return (null, nullable);
    }

    private static bool Flag<T>(T o, string name) where T : struct, ISchemaElement<T> => IsTrue(Get(o, name));

    private static bool IsTrue<T>(T value) where T : struct, ISchemaElement<T> => value.Kind == JsonValueKind.True;

    private static bool IsIntOrString<T>(T alternatives) where T : struct, ISchemaElement<T> => TypesOf(alternatives) is ["integer", "string"];

    private static bool IsQuantity<T>(T alternatives) where T : struct, ISchemaElement<T> => TypesOf(alternatives) is ["number", "string"];

    private static string[]? TypesOf<T>(T alternatives) where T : struct, ISchemaElement<T> =>
        alternatives.Kind == JsonValueKind.Array && alternatives.Items().All(x => x.Kind == JsonValueKind.Object
            && x.Count == 1 && Get(x, "type").Kind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Array))
            ? alternatives.Items().Select(x => Get(x, "type") is { Kind: JsonValueKind.String } t ? t.String() : "").Order(StringComparer.Ordinal).ToArray()
            : null;

    private static T SingleAllOfRef<T>(T allOf) where T : struct, ISchemaElement<T> =>
        allOf.Kind == JsonValueKind.Array && allOf.Count == 1 && allOf.Items().First() is { Kind: JsonValueKind.Object } first ? Get(first, "$ref") : default;

    /// <summary>The schema name a <c>$ref</c> points at: the last part of <c>#/definitions/x</c> or <c>#/components/schemas/x</c>, or a bare name.</summary>
    private static string? RefName<T>(T reference) where T : struct, ISchemaElement<T>
    {
        if (reference.Kind != JsonValueKind.String) return null;
        var text = reference.String();
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0) return null; // a ref into another file: not followed (anything goes)
        return hash == 0 ? text[(text.LastIndexOf('/') + 1)..] : text;
    }

    private static ScalarValue Scalar<T>(T value) where T : struct, ISchemaElement<T> => value.Kind switch
    {
        JsonValueKind.Null => new ScalarValue(ScalarKind.Null, "null"),
        JsonValueKind.String => new ScalarValue(ScalarKind.String, value.String()),
        JsonValueKind.True => new ScalarValue(ScalarKind.Boolean, "true"),
        JsonValueKind.False => new ScalarValue(ScalarKind.Boolean, "false"),
        JsonValueKind.Number when value.TryInt64(out var l) => new ScalarValue(ScalarKind.Integer, l.ToString(CultureInfo.InvariantCulture)),
        JsonValueKind.Number when value.TryDouble(out var d) => NumberValue(d),
        _ => new ScalarValue(ScalarKind.String, value.RawText()),
    };

    private static ScalarValue NumberValue(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? new ScalarValue(ScalarKind.Integer, ((long)d).ToString(CultureInfo.InvariantCulture))
        : new ScalarValue(ScalarKind.Float, d.ToString("R", CultureInfo.InvariantCulture));
}
