using System.Buffers.Text;
using System.Text;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Checks one parsed document against its schema, as the API server's decoding and OpenAPI validation would:
/// types (YAML 1.1 typing of plain scalars), required fields, enums, int-or-string, base64 for <c>format: byte</c>,
/// and unknown fields (strict) except where the schema preserves them or describes a map. A null value is accepted
/// anywhere (the API server drops it). Findings name the path and the expected type, never the value.
/// </summary>
internal sealed class DocumentValidator(SchemaSet refs, bool strict, Action<string, string> report)
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
        if (schema.IntOrString)
        {
            if (scalarValue is not { Kind: ScalarKind.Integer or ScalarKind.String } value) report(path, $"expected integer or string, got {Describe(node)}");
            else CheckEnum(value, schema, path);
            return;
        }
        var type = schema.Type ?? (schema.Properties is not null || schema.AdditionalProperties is not null ? "object" : null);
        switch (type)
        {
            case "object":
                if (node is ManifestMapping map) CheckObject(map, schema, path, depth);
                else report(path, $"expected object, got {Describe(node)}");
                return;
            case "array":
                if (node is not ManifestSequence seq)
                {
                    report(path, $"expected array, got {Describe(node)}");
                    return;
                }
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (schema.Items is { } items) Check(seq.Items[i], items, $"{path}[{i}]", depth + 1);
                }
                return;
            case null:
                if (scalarValue is { } any) CheckEnum(any, schema, path);
                return;
            default:
                CheckScalar(node, scalarValue, schema, type, path);
                return;
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
            var childPath = Join(path, key);
            if (schema.Properties is { } props && props.TryGetValue(key, out var property)) Check(value, property, childPath, depth + 1);
            else if (schema.AdditionalProperties is { } values) Check(value, values, childPath, depth + 1);
            else if (strict && !schema.PreserveUnknownFields && !schema.AdditionalAllowed && !schema.FreeForm)
            {
                report(childPath, $"unknown field \"{key}\"");
            }
        }
    }

    private void CheckScalar(ManifestNode node, ScalarValue? scalarValue, SchemaNode schema, string type, string path)
    {
        if (scalarValue is not { } value)
        {
            report(path, $"expected {type}, got {Describe(node)}");
            return;
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
        if (!ok)
        {
            report(path, $"expected {(type == "quantity" ? "quantity (string or number)" : type)}, got value of type {value.TypeName}");
            return;
        }
        if (type == "string" && schema.Format == "byte" && !IsBase64(value.Text))
        {
            report(path, "expected base64-encoded data, got a string that is not valid base64");
            return;
        }
        CheckEnum(value, schema, path);
    }

    private void CheckEnum(ScalarValue value, SchemaNode schema, string path)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Contains(value)) return;
        var listed = string.Join(", ", allowed.Take(20).Select(a => a.Kind == ScalarKind.String ? $"\"{a.Text}\"" : a.Text));
        report(path, $"expected one of {listed}{(allowed.Count > 20 ? ", …" : "")}; got a value of type {value.TypeName} that is not one of them");
    }

    private static bool IsBase64(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        return Base64.IsValid(bytes);
    }

    private static string Describe(ManifestNode node) => node switch
    {
        ManifestMapping => "object",
        ManifestSequence => "array",
        ManifestScalar s => "value of type " + ScalarValue.Of(s).TypeName,
        _ => "alias",
    };

    private static readonly System.Buffers.SearchValues<char> PlainKey =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-$");

    /// <summary><c>a.b</c>, or <c>a["x.y/z"]</c> when the key is not a plain name.</summary>
    internal static string Join(string path, string key)
    {
        var plain = key.Length > 0 && !key.AsSpan().ContainsAnyExcept(PlainKey);
        if (plain) return path.Length == 0 ? key : path + "." + key;
        return $"{path}[\"{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
    }
}
