using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// A CRD version's structural <c>openAPIV3Schema</c>, applied to written objects as the real API server does: fields
/// the schema does not declare are pruned (kept under <c>x-kubernetes-preserve-unknown-fields</c> or
/// <c>additionalProperties</c>), and each pruned path is reported for the <c>Warning: unknown field "…"</c> header
/// (fieldValidation Warn, the default) or a 400 (Strict). <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> are
/// the server's own and never pruned here; in an <c>x-kubernetes-embedded-resource</c> they are implicitly declared,
/// and the embedded <c>metadata</c> keeps only ObjectMeta's fields. A JSON null in a field that is not
/// <c>nullable</c> is dropped silently, as the server does before defaulting. The remaining object is then checked
/// by <see cref="Validate"/> (see <see cref="FakeCrdValidation"/>).
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
            if (props?[key] is JsonObject schema)
            {
                if (child is null && !FakeCrdValidation.Flag(schema, "nullable")) obj.Remove(key);
                else PruneNode(child, schema, key, unknown);
            }
            else if (!Preserves(Root))
            {
                obj.Remove(key);
                unknown.Add(key);
            }
        }
        return unknown;
    }

    /// <summary>The field errors of an already pruned object; empty when the write is valid.</summary>
    public IReadOnlyList<FakeFieldError> Validate(JsonObject obj) => FakeCrdValidation.Validate(Root, obj);

    private static bool Preserves(JsonObject schema) => FakeCrdValidation.Flag(schema, "x-kubernetes-preserve-unknown-fields");

    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    };

    private static void PruneNode(JsonNode? node, JsonObject schema, string path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var props = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"];
                var embedded = FakeCrdValidation.Flag(schema, "x-kubernetes-embedded-resource");
                foreach (var (key, child) in o.ToList())
                {
                    var childPath = $"{path}.{key}";
                    var declared = props?[key] as JsonObject ?? additional as JsonObject;
                    if (declared is not null && child is null && !FakeCrdValidation.Flag(declared, "nullable")) o.Remove(key);
                    else if (declared is not null) PruneNode(child, declared, childPath, unknown);
                    else if (embedded && key is "apiVersion" or "kind") continue;
                    else if (embedded && key is "metadata" && child is JsonObject meta) PruneMetadata(meta, childPath, unknown);
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

    private static void PruneMetadata(JsonObject meta, string path, List<string> unknown)
    {
        foreach (var (key, _) in meta.ToList())
        {
            if (ObjectMetaFields.Contains(key)) continue;
            meta.Remove(key);
            unknown.Add($"{path}.{key}");
        }
    }
}
