using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// Walks a CRD's <c>openAPIV3Schema</c> under <c>spec</c>: every field path, and for an enum every value, with a minimal
/// object that holds exactly that field (a string <c>x</c>, <c>true</c>, <c>1</c>, <c>{}</c> or the enum value).
/// </summary>
internal static class CrdSchemaWalk
{
    /// <summary>One field (or enum value) of the schema: <c>dataFrom[].rewrite[].merge.strategy=JSON</c>, and a spec holding it.</summary>
    public sealed record Leaf(string Path, IReadOnlyList<string> Steps, string? EnumValue, JsonObject Spec);

    /// <summary>The <c>spec</c> schema of the CRD's version <paramref name="version"/>.</summary>
    public static JsonObject SpecSchema(JsonObject crd, string version = "v1") =>
        crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().Single(v => v["name"]!.GetValue<string>() == version)
            ["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();

    public static List<Leaf> Leaves(JsonObject specSchema)
    {
        var leaves = new List<Leaf>();
        Walk(specSchema, [], v => v.AsObject(), leaves);
        return leaves;
    }

    private static void Walk(JsonObject schema, List<string> steps, Func<JsonNode, JsonObject> wrap, List<Leaf> leaves)
    {
        if (schema["properties"] is JsonObject properties && properties.Count > 0)
        {
            foreach (var (name, child) in properties)
            {
                var childSteps = new List<string>(steps) { name };
                Field(child!.AsObject(), childSteps, v => wrap(new JsonObject { [name] = v }), leaves);
            }
            return;
        }
        if (steps.Count == 0) return;
        leaves.Add(new Leaf(string.Join('.', steps).Replace(".[]", "[]", StringComparison.Ordinal), steps, null, wrap(Sample(schema))));
    }

    private static void Field(JsonObject schema, List<string> steps, Func<JsonNode, JsonObject> wrap, List<Leaf> leaves)
    {
        var path = string.Join('.', steps).Replace(".[]", "[]", StringComparison.Ordinal);
        if (schema["enum"] is JsonArray values)
        {
            foreach (var value in values) leaves.Add(new Leaf($"{path}={value}", steps, value!.GetValue<string>(), wrap(value.DeepClone())));
            return;
        }
        if (schema["type"]?.GetValue<string>() == "array" && schema["items"] is JsonObject items)
        {
            var itemSteps = new List<string>(steps) { "[]" };
            if (items["properties"] is JsonObject || items["enum"] is JsonArray)
            {
                if (items["enum"] is JsonArray) Field(items, itemSteps, v => wrap(new JsonArray(v)), leaves);
                else Walk(items, itemSteps, v => wrap(new JsonArray(v)), leaves);
                return;
            }
            leaves.Add(new Leaf(path, steps, null, wrap(new JsonArray(Sample(items)))));
            return;
        }
        Walk(schema, steps, wrap, leaves);
    }

    private static JsonNode Sample(JsonObject schema) => schema["type"]?.GetValue<string>() switch
    {
        "boolean" => true,
        "integer" or "number" => 1,
        "object" => new JsonObject(),
        "array" => new JsonArray(),
        _ => "x",
    };

    /// <summary>
    /// Whether <paramref name="schema"/> (another CRD's spec schema) accepts the field of <paramref name="leaf"/>: every step
    /// declared (or under <c>x-kubernetes-preserve-unknown-fields</c> or <c>additionalProperties</c>) and the enum value allowed.
    /// </summary>
    public static bool Accepts(JsonObject schema, Leaf leaf)
    {
        JsonObject node = schema;
        foreach (var step in leaf.Steps)
        {
            if (node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true) return true;
            if (step == "[]")
            {
                if (node["items"] is not JsonObject items) return false;
                node = items;
                continue;
            }
            if (node["properties"]?[step] is JsonObject child) node = child;
            else return node["additionalProperties"] is JsonObject or JsonValue;
        }
        return leaf.EnumValue is null || node["enum"] is not JsonArray allowed || allowed.Any(v => v?.GetValue<string>() == leaf.EnumValue);
    }
}
