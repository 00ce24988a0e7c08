using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>One field error of a custom resource write, as the API server lists it in a 422's <c>details.causes</c>.</summary>
public sealed record FakeFieldError(string Reason, string Field, string Body)
{
    /// <summary>The line the 422 message carries for this error, e.g. <c>spec.x: Required value</c>.</summary>
    public override string ToString() => $"{Field}: {Body}";
}

/// <summary>
/// Validates a pruned custom resource against its CRD version's structural schema, with apiextensions-apiserver's
/// messages (kube-openapi's validator, mapped to field errors):
/// <list type="bullet">
/// <item>a wrong type: <c>spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"</c>
/// (<c>x-kubernetes-int-or-string</c> allows <c>integer,string</c>; a JSON null is type <c>"null"</c> unless
/// <c>nullable</c>);</item>
/// <item>an enum miss: <c>spec.x: Unsupported value: "v": supported values: "a", "b"</c>;</item>
/// <item>a missing required field: <c>spec.x: Required value</c>;</item>
/// <item>an <c>x-kubernetes-embedded-resource</c> without a string <c>apiVersion</c>/<c>kind</c>.</item>
/// </list>
/// Formats, patterns, lengths, bounds and CEL rules are not checked. The walk follows the schema, so its depth is the
/// schema's: a value below a leaf (or an open field) is never descended into.
/// </summary>
internal static class FakeCrdValidation
{
    public static List<FakeFieldError> Validate(JsonObject schemaRoot, JsonObject obj)
    {
        var errors = new List<FakeFieldError>();
        var props = schemaRoot["properties"] as JsonObject;
        foreach (var (key, child) in obj)
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject schema) Node(child, schema, key, errors);
        }
        Required(obj, schemaRoot, null, errors);
        return errors;
    }

    private static void Node(JsonNode? node, JsonObject schema, string path, List<FakeFieldError> errors)
    {
        var actual = TypeOf(node);
        var allowed = Allowed(schema);
        if (node is null)
        {
            if (!Flag(schema, "nullable") && allowed is not null) errors.Add(TypeError(path, allowed, "null"));
            return;
        }
        var typeOk = allowed is null || allowed.Any(t => t == actual || (t == "number" && actual == "integer"));
        if (!typeOk) errors.Add(TypeError(path, allowed!, actual));
        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, node)))
        {
            errors.Add(new("FieldValueNotSupported", path,
                $"Unsupported value: {Quote(node)}: supported values: {string.Join(", ", values.Select(Quote))}"));
        }
        if (!typeOk) return;
        switch (node)
        {
            case JsonObject o:
                if (Flag(schema, "x-kubernetes-embedded-resource")) Embedded(o, path, errors);
                var props = schema["properties"] as JsonObject;
                foreach (var (key, child) in o)
                {
                    if (props?[key] is JsonObject declared) Node(child, declared, $"{path}.{key}", errors);
                    else if (schema["additionalProperties"] is JsonObject each) Node(child, each, $"{path}.{key}", errors);
                }
                Required(o, schema, path, errors);
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++) Node(a[i], items, $"{path}[{i}]", errors);
                break;
        }
    }

    private static void Required(JsonObject o, JsonObject schema, string? path, List<FakeFieldError> errors)
    {
        if (schema["required"] is not JsonArray required) return;
        foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
        {
            if (!o.ContainsKey(name)) errors.Add(new("FieldValueRequired", path is null ? name : $"{path}.{name}", "Required value"));
        }
    }

    /// <summary>An embedded object is a resource: <c>apiVersion</c> and <c>kind</c> are required, non-empty strings.</summary>
    private static void Embedded(JsonObject o, string path, List<FakeFieldError> errors)
    {
        foreach (var field in (ReadOnlySpan<string>)["apiVersion", "kind"])
        {
            var at = $"{path}.{field}";
            if (!o.TryGetPropertyValue(field, out var v)) errors.Add(new("FieldValueRequired", at, "Required value"));
            else if (v is null || v.GetValueKind() != JsonValueKind.String) errors.Add(new("FieldValueInvalid", at, $"Invalid value: {Quote(v)}: must be a string"));
            else if (v.GetValue<string>().Length == 0) errors.Add(new("FieldValueInvalid", at, "Invalid value: \"\": must not be empty"));
        }
    }

    private static FakeFieldError TypeError(string path, IReadOnlyList<string> allowed, string actual) =>
        new("FieldValueInvalid", path, $"Invalid value: \"{actual}\": {path} in body must be of type {string.Join(",", allowed)}: \"{actual}\"");

    /// <summary>The types the schema allows; null when it names none (an open or preserved field).</summary>
    private static string[]? Allowed(JsonObject schema)
    {
        if (Flag(schema, "x-kubernetes-int-or-string")) return ["integer", "string"];
        return schema["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? [t.GetValue<string>()] : null;
    }

    internal static bool Flag(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>kube-openapi's name for a JSON value's type; a number with a fraction is a number, else an integer.</summary>
    private static string TypeOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => IsIntegral(node!) ? "integer" : "number",
    };

    private static bool IsIntegral(JsonNode n)
    {
        var text = n.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return true;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d && !double.IsInfinity(d);
    }

    /// <summary>A value as a field error prints it: a string quoted, anything else as JSON (objects shortened).</summary>
    private static string Quote(JsonNode? v) => v?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "\"" + v.GetValue<string>().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        JsonValueKind.Object => "\"object\"",
        JsonValueKind.Array => "\"array\"",
        _ => v.ToJsonString(),
    };
}
