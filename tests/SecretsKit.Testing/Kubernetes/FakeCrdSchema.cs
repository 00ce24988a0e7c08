using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// A CRD version's structural <c>openAPIV3Schema</c>, applied to written objects as the real API server does: fields
/// the schema does not declare are pruned (kept under <c>x-kubernetes-preserve-unknown-fields</c> or
/// <c>additionalProperties</c>), and each pruned path is reported for the <c>Warning: unknown field "…"</c> header
/// (fieldValidation Warn, the default) or a 400 (Strict). <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> are
/// the server's own and never pruned here.
/// </summary>
public sealed class FakeCrdSchema(JsonObject openApiV3Schema)
{
    public JsonObject Root { get; } = openApiV3Schema;

    /// <summary>Removes undeclared fields from <paramref name="obj"/>; returns their paths (e.g. <c>status.conditions[0].x</c>).</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        var props = Root["properties"] as JsonObject;
        foreach (var (key, child) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject schema) PruneNode(child, schema, key, unknown);
            else if (!Preserves(Root))
            {
                obj.Remove(key);
                unknown.Add(key);
            }
        }
        return unknown;
    }

    private static bool Preserves(JsonObject schema) => schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;

    private static void PruneNode(JsonNode? node, JsonObject schema, string path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var props = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"];
                foreach (var (key, child) in o.ToList())
                {
                    var childPath = $"{path}.{key}";
                    if (props?[key] is JsonObject declared) PruneNode(child, declared, childPath, unknown);
                    else if (additional is JsonObject each) PruneNode(child, each, childPath, unknown);
                    else if (Preserves(schema) || additional?.GetValueKind() == System.Text.Json.JsonValueKind.True) continue;
                    else
                    {
                        o.Remove(key);
                        unknown.Add(childPath);
                    }
                }
                break;
            }
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++) PruneNode(a[i], items, $"{path}[{i}]", unknown);
                break;
        }
    }
}
