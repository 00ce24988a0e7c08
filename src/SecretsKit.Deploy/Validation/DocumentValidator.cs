using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Go.Strconv;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Checks one parsed document against its schema, as the API server's decoding and OpenAPI validation would:
/// types (YAML 1.1 typing of plain scalars), required fields, enums, int-or-string, formats (<see cref="ScalarFormats"/>),
/// patterns, bounds, list types, unknown fields (strict, or wherever the schema says <c>additionalProperties: false</c>)
/// except where the schema preserves them or describes a map. List types are enforced as <c>listTypes</c> says (<see cref="ListTypeSemantics"/>). A null value is accepted where the API server drops it (an
/// object's field), but does not satisfy <c>required</c> unless the schema is nullable; a custom resource's null list item
/// must be nullable. A custom resource comes here defaulted (<c>Validation/Defaulting</c>). CEL rules go to <see cref="CelRuleCheck"/>. Findings name the path and what was expected, never the value (but a value outside an enum, see <see cref="CheckEnum"/>).
/// A value that may repeat and was found clean, with no CEL rule below it, under the same schema before
/// (<see cref="CleanValues"/>) is not walked again.
/// </summary>
internal sealed class DocumentValidator
{
    private const int MaxDepth = 200;

    private readonly SchemaSet _refs;
    private readonly bool _strict;
    private readonly ListTypeSemantics _listTypes;
    private readonly CelRuleCheck _cel;
    private readonly CleanValues? _clean;

    /// <summary>Reports a finding, counted.</summary>
    private readonly Action<string, string> _report;

    /// <summary>Where the walk is; worded only for a finding.</summary>
    private readonly FieldTrail _trail = new();

    /// <summary>Findings reported so far.</summary>
    private int _findings;

    /// <summary>The deepest level the walk has reached (a high mark, for <see cref="CleanValues"/>' heights).</summary>
    private int _deepest;

    /// <summary>Whether a value outside an enum is named (not in a Secret: see <see cref="CheckEnum"/>).</summary>
    private readonly bool _namesEnumValues;

    public DocumentValidator(SchemaSet refs, bool strict, ListTypeSemantics listTypes, CelRuleCheck cel, Action<string, string> report, CleanValues? clean = null,
        bool namesEnumValues = true)
    {
        (_refs, _strict, _listTypes, _cel, _clean, _namesEnumValues) = (refs, strict, listTypes, cel, clean, namesEnumValues);
        _report = (path, message) =>
        {
            _findings++;
            report(path, message);
        };
    }

    public void Validate(ManifestNode node, SchemaNode schema) => Check(node, schema, 0);

    private string Path => _trail.ToString();

    private void Check(ManifestNode node, SchemaNode schema, int depth)
    {
        schema = _refs.Resolve(schema);
        if (_clean is null || node is not ManifestCollection { MayRepeat: true } value)
        {
            CheckHere(node, schema, depth);
            return;
        }
        if (_clean.IsClean(value, schema, _refs, _listTypes, depth, MaxDepth, out var height))
        {
            _deepest = Math.Max(_deepest, depth + height); // a value holding this one is that much deeper
            return;
        }
        var (findings, rules, deepest) = (_findings, _cel.Met, _deepest);
        _deepest = depth;
        CheckHere(node, schema, depth);
        // clean: no finding, and no value with rules below (their runs are counted and charged, and stop at the budget)
        if (_findings == findings && _cel.Met == rules) _clean.Add(value, schema, _refs, _listTypes, _deepest - depth);
        _deepest = Math.Max(deepest, _deepest);
    }

    /// <summary><see cref="Check"/> of <paramref name="node"/> itself, <paramref name="schema"/> resolved.</summary>
    private void CheckHere(ManifestNode node, SchemaNode schema, int depth)
    {
        if (depth > _deepest) _deepest = depth;
        if (depth > MaxDepth)
        {
            _report(Path, "nested too deeply");
            return;
        }
        ScalarValue? scalarValue = node is ManifestScalar s ? ScalarValue.Of(s) : null;
        if (scalarValue is { Kind: ScalarKind.Null }) return;
        if (!CheckShape(node, scalarValue, schema)) return;
        if (scalarValue is { } value) CheckScalarRules(value, schema);
        // the API server runs a node's rules before those below it (and stops at the cost budget)
        if (schema.CelRules.Count > 0) _cel.Check(node, schema, _refs, _trail, _report);
        if (schema.IntOrString) return;
        var type = TypeOf(schema);
        if (type == "object" && node is ManifestMapping map) CheckObject(map, schema, depth);
        else if (type == "array" && node is ManifestSequence seq) CheckArray(seq, schema, depth);
    }

    private static string? TypeOf(SchemaNode schema) =>
        schema.Type ?? (schema.Properties is not null || schema.AdditionalProperties is not null ? "object" : null);

    /// <summary>The type check; false when the value is not of the schema's type.</summary>
    private bool CheckShape(ManifestNode node, ScalarValue? scalarValue, SchemaNode schema)
    {
        if (schema.IntOrString)
        {
            if (scalarValue is { Kind: ScalarKind.Integer or ScalarKind.String }) return true;
            _report(Path, $"expected integer or string, got {Describe(node)}");
            return false;
        }
        var type = TypeOf(schema);
        switch (type)
        {
            case "object" when node is ManifestMapping:
            case "array" when node is ManifestSequence:
                return true;
            case "object" or "array":
                _report(Path, $"expected {type}, got {Describe(node)}");
                return false;
            case null:
                return true;
            default:
                return CheckScalarType(node, scalarValue, type);
        }
    }

    private void CheckObject(ManifestMapping map, SchemaNode schema, int depth)
    {
        var required = schema.Required;
        for (var i = 0; i < required.Count; i++)
        {
            if (map.Find(required[i]) is not { } present || IsDroppedNull(present, schema.Properties?.GetValueOrDefault(required[i])))
            {
                _report(Path, $"missing required field \"{required[i]}\"");
            }
        }
        foreach (var (key, _, value) in map.Entries)
        {
            _trail.Push(key);
            if (schema.Properties is { } props && props.TryGetValue(key, out var property)) Check(value, property, depth + 1);
            else if (schema.AdditionalProperties is { } values) Check(value, values, depth + 1);
            else if (schema.AdditionalForbidden || (_strict && !schema.PreserveUnknownFields && !schema.AdditionalAllowed && !schema.FreeForm))
            {
                _report(Path, $"unknown field \"{key}\"");
            }
            _trail.Pop();
        }
        if (schema.Bounds is { } bounds) Report(BoundsCheck.Properties(bounds, map.Entries.Count));
    }

    private void CheckArray(ManifestSequence seq, SchemaNode schema, int depth)
    {
        if (schema.Items is { } unresolved)
        {
            var items = _refs.Resolve(unresolved);
            for (var i = 0; i < seq.Items.Count; i++)
            {
                _trail.Push(i);
                if (IsKeptNull(seq.Items[i], items)) _report(Path, $"expected {(items.IntOrString ? "integer or string" : TypeOf(items))}, got value of type null");
                else Check(seq.Items[i], items, depth + 1);
                _trail.Pop();
            }
        }
        if (schema.Bounds is { } bounds) Report(BoundsCheck.Items(bounds, seq.Items.Count));
        if (schema.ListType is "set" or "map") ListTypeCheck.Check(seq, schema, _refs, _trail, _listTypes, _report);
    }

    private bool CheckScalarType(ManifestNode node, ScalarValue? scalarValue, string type)
    {
        if (scalarValue is not { } value)
        {
            _report(Path, $"expected {type}, got {Describe(node)}");
            return false;
        }
        var ok = type switch
        {
            "string" => value.Kind == ScalarKind.String,
            "integer" => value.Kind == ScalarKind.Integer,
            "number" => value.Kind is ScalarKind.Integer or ScalarKind.Float,
            "boolean" => value.Kind == ScalarKind.Boolean,
            "quantity" => value.Kind is ScalarKind.String or ScalarKind.Integer or ScalarKind.Float,
            _ => true,
        };
        if (!ok) _report(Path, $"expected {(type == "quantity" ? "quantity (string or number)" : type)}, got value of type {value.TypeName}");
        return ok;
    }

    /// <summary>Format, pattern, bounds and enum of a scalar already of the schema's type.</summary>
    private void CheckScalarRules(ScalarValue value, SchemaNode schema)
    {
        if (schema.Format is { } format && ScalarFormats.Check(format, value) is { } wrongFormat)
        {
            _report(Path, wrongFormat);
            return;
        }
        if (value.Kind == ScalarKind.String)
        {
            if (schema.Pattern?.Check(value.Text) is { } mismatch) _report(Path, mismatch);
            if (schema.Bounds is { } lengths) Report(BoundsCheck.Length(lengths, value.Text));
        }
        else if (value.Kind is ScalarKind.Integer or ScalarKind.Float && schema.Bounds is { } bounds)
        {
            Report(BoundsCheck.Number(bounds, value));
        }
        CheckEnum(value, schema);
    }

    private void Report(IReadOnlyList<string> messages)
    {
        for (var i = 0; i < messages.Count; i++) _report(Path, messages[i]);
    }

    /// <summary>
    /// A value outside the schema's enum: the allowed values, and the value itself (as kubeconform names it: an enum field
    /// holds one of a few words, typically mistyped), Go-quoted and cut at <see cref="EnumValueShown"/> characters; in a
    /// Secret, whose fields may hold data, only its type.
    /// </summary>
    private void CheckEnum(ScalarValue value, SchemaNode schema)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Contains(value)) return;
        var listed = string.Join(", ", allowed.Take(20).Select(a => a.Kind == ScalarKind.String ? $"\"{a.Text}\"" : a.Text));
        var got = !_namesEnumValues ? $"a value of type {value.TypeName} that is not one of them"
            : value.Kind == ScalarKind.String ? GoQuote.Quote(Shortened(value.Text))
            : value.Text;
        _report(Path, $"expected one of {listed}{(allowed.Count > 20 ? ", …" : "")}; got {got}");
    }

    /// <summary>How much of a value outside an enum a finding shows.</summary>
    private const int EnumValueShown = 64;

    private static string Shortened(string text)
    {
        if (text.Length <= EnumValueShown) return text;
        var cut = char.IsHighSurrogate(text[EnumValueShown - 1]) ? EnumValueShown - 1 : EnumValueShown;
        return text[..cut] + "…";
    }

    /// <summary>A null the API server drops before validating (the schema is not nullable; a default would have replaced it).</summary>
    private bool IsDroppedNull(ManifestNode value, SchemaNode? schema) =>
        value is ManifestScalar s && ScalarValue.IsNull(s) && !(schema is not null && _refs.Resolve(schema).Nullable);

    /// <summary>
    /// A null item (<paramref name="items"/> resolved) of a custom resource's list whose items are typed and not nullable: the API server drops nulls only
    /// from objects (a default has replaced the item if the items have one), so the structural schema's validation meets
    /// it and refuses its type. A built-in kind's list decodes a null item to its zero value, checked by that kind's own
    /// validation, not here.
    /// </summary>
    private bool IsKeptNull(ManifestNode item, SchemaNode items)
    {
        if (_listTypes != ListTypeSemantics.Structural || item is not ManifestScalar s || ScalarValue.Of(s).Kind != ScalarKind.Null) return false;
        return !items.Nullable && (items.IntOrString || TypeOf(items) is not null);
    }

    private static string Describe(ManifestNode node) => node switch
    {
        ManifestMapping => "object",
        ManifestSequence => "array",
        ManifestScalar s => "value of type " + ScalarValue.Of(s).TypeName,
        _ => "alias",
    };

}
