using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A YAML subtree (a CRD's <c>openAPIV3Schema</c>) as JSON, plain scalars typed as Kubernetes types them. Bounded in
/// nodes, so a document made of aliases cannot blow up the conversion.
/// </summary>
internal static class YamlJson
{
    public const int MaxNodes = 200_000;

    /// <summary>The deepest node a schema may hold (the root at 0).</summary>
    public const int MaxDepth = 200;

    public static JsonNode? Convert(ManifestNode node)
    {
        var budget = MaxNodes;
        return Convert(node, ref budget, 0);
    }

    /// <summary>Throws the <see cref="SchemaException"/> that <see cref="Convert(ManifestNode)"/> would, without converting.</summary>
    public static void CheckSize(ManifestNode node)
    {
        var budget = MaxNodes;
        CheckSize(node, ref budget, 0);
    }

    private static void CheckSize(ManifestNode node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > MaxDepth) throw new SchemaException("schema too large or nested too deeply");
        if (node is ManifestMapping map)
        {
            foreach (var entry in map.Entries) CheckSize(entry.Value, ref budget, depth + 1);
        }
        else if (node is ManifestSequence seq)
        {
            foreach (var item in seq.Items) CheckSize(item, ref budget, depth + 1);
        }
    }

    private static JsonNode? Convert(ManifestNode node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > MaxDepth) throw new SchemaException("schema too large or nested too deeply");
        switch (node)
        {
            case ManifestMapping map:
                var o = new JsonObject();
                foreach (var (k, _, v) in map.Entries) o[k] = Convert(v, ref budget, depth + 1);
                return o;
            case ManifestSequence seq:
                var a = new JsonArray();
                foreach (var item in seq.Items) a.Add(Convert(item, ref budget, depth + 1));
                return a;
            case ManifestScalar s:
                return new YamlSchemaElement(s).ScalarJson();
            default:
                return null;
        }
    }
}
