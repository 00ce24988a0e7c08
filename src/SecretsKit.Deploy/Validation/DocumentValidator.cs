using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Checks one parsed document against its schema, as the API server's decoding and OpenAPI validation would:
/// types (YAML 1.1 typing of plain scalars), required fields, enums, int-or-string, formats (<see cref="ScalarFormats"/>),
/// patterns, bounds, list types, unknown fields (strict, or wherever the schema says <c>additionalProperties: false</c>)
/// except where the schema preserves them or describes a map. List types are enforced as <c>listTypes</c> says (<see cref="ListTypeSemantics"/>). A null value is accepted anywhere (the API server drops
/// it). CEL rules go to <see cref="CelRuleCheck"/>. Findings name the path and what was expected, never the value.
/// </summary>
internal sealed class DocumentValidator(SchemaSet refs, bool strict, ListTypeSemantics listTypes, CelRuleCheck cel, Action<string, string> report)
{
    private const int MaxDepth = 200;

    public void Validate(ManifestNode node, SchemaNode schema) => Check(node, schema, "", 0);

    private void Check(ManifestNode node, SchemaNode schema, string path, int depth)
    {
        schema = refs.Resolve(schema);
        if (depth > MaxDepth)
        {
            report(path, "nested too deeply");
            return;
        }
        ScalarValue? scalarValue = node is ManifestScalar s ? ScalarValue.Of(s) : null;
        if (scalarValue is { Kind: ScalarKind.Null }) return;
        if (!CheckShape(node, scalarValue, schema, path)) return;
        if (scalarValue is { } value) CheckScalarRules(value, schema, path);
        // the API server runs a node's rules before those below it (and stops at the cost budget)
        if (schema.CelRules.Count > 0) cel.Check(node, schema, refs, path, report);
        if (schema.IntOrString) return;
        var type = TypeOf(schema);
        if (type == "object" && node is ManifestMapping map) CheckObject(map, schema, path, depth);
        else if (type == "array" && node is ManifestSequence seq) CheckArray(seq, schema, path, depth);
    }

    private static string? TypeOf(SchemaNode schema) =>
        schema.Type ?? (schema.Properties is not null || schema.AdditionalProperties is not null ? "object" : null);

    /// <summary>The type check; false when the value is not of the schema's type.</summary>
    private bool CheckShape(ManifestNode node, ScalarValue? scalarValue, SchemaNode schema, string path)
    {
        if (schema.IntOrString)
        {
            if (scalarValue is { Kind: ScalarKind.Integer or ScalarKind.String }) return true;
            report(path, $"expected integer or string, got {Describe(node)}");
            return false;
        }
        var type = TypeOf(schema);
        switch (type)
        {
            case "object" when node is ManifestMapping:
            case "array" when node is ManifestSequence:
                return true;
            case "object" or "array":
                report(path, $"expected {type}, got {Describe(node)}");
                return false;
            case null:
                return true;
            default:
                return CheckScalarType(node, scalarValue, type, path);
        }
    }

    private void CheckObject(ManifestMapping map, SchemaNode schema, string path, int depth)
    {
        foreach (var field in schema.Required)
        {
            if (map.Find(field) is null) report(path, $"missing required field \"{field}\"");
        }
        foreach (var (key, _, value) in map.Entries)
        {
            var childPath = FieldPath.Join(path, key);
            if (schema.Properties is { } props && props.TryGetValue(key, out var property)) Check(value, property, childPath, depth + 1);
            else if (schema.AdditionalProperties is { } values) Check(value, values, childPath, depth + 1);
            else if (schema.AdditionalForbidden || (strict && !schema.PreserveUnknownFields && !schema.AdditionalAllowed && !schema.FreeForm))
            {
                report(childPath, $"unknown field \"{key}\"");
            }
        }
        if (schema.Bounds is { } bounds) Report(path, BoundsCheck.Properties(bounds, map.Entries.Count));
    }

    private void CheckArray(ManifestSequence seq, SchemaNode schema, string path, int depth)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < seq.Items.Count; i++) Check(seq.Items[i], items, $"{path}[{i}]", depth + 1);
        }
        if (schema.Bounds is { } bounds) Report(path, BoundsCheck.Items(bounds, seq.Items.Count));
        if (schema.ListType is "set" or "map") ListTypeCheck.Check(seq, schema, refs, path, listTypes, report);
    }

    private bool CheckScalarType(ManifestNode node, ScalarValue? scalarValue, string type, string path)
    {
        if (scalarValue is not { } value)
        {
            report(path, $"expected {type}, got {Describe(node)}");
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
        if (!ok) report(path, $"expected {(type == "quantity" ? "quantity (string or number)" : type)}, got value of type {value.TypeName}");
        return ok;
    }

    /// <summary>Format, pattern, bounds and enum of a scalar already of the schema's type.</summary>
    private void CheckScalarRules(ScalarValue value, SchemaNode schema, string path)
    {
        if (schema.Format is { } format && ScalarFormats.Check(format, value) is { } wrongFormat)
        {
            report(path, wrongFormat);
            return;
        }
        if (value.Kind == ScalarKind.String)
        {
            if (schema.Pattern?.Check(value.Text) is { } mismatch) report(path, mismatch);
            if (schema.Bounds is { } lengths) Report(path, BoundsCheck.Length(lengths, value.Text));
        }
        else if (value.Kind is ScalarKind.Integer or ScalarKind.Float && schema.Bounds is { } bounds)
        {
            Report(path, BoundsCheck.Number(bounds, value));
        }
        CheckEnum(value, schema, path);
    }

    private void Report(string path, IEnumerable<string> messages)
    {
        foreach (var message in messages) report(path, message);
    }

    private void CheckEnum(ScalarValue value, SchemaNode schema, string path)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Contains(value)) return;
        var listed = string.Join(", ", allowed.Take(20).Select(a => a.Kind == ScalarKind.String ? $"\"{a.Text}\"" : a.Text));
        report(path, $"expected one of {listed}{(allowed.Count > 20 ? ", …" : "")}; got a value of type {value.TypeName} that is not one of them");
    }

    private static string Describe(ManifestNode node) => node switch
    {
        ManifestMapping => "object",
        ManifestSequence => "array",
        ManifestScalar s => "value of type " + ScalarValue.Of(s).TypeName,
        _ => "alias",
    };

}
