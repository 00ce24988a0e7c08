using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

/// <summary><c>spec.target.template</c>: secret type, metadata and data templates.</summary>
internal sealed record TemplateSpec(
    string? Type,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Data,
    string MergePolicy)
{
    public static TemplateSpec? Parse(JsonNode? node) =>
        node is not JsonObject o ? null : new TemplateSpec(
            Json.Str(o["type"]),
            Json.Map(o["metadata"]?["labels"]),
            Json.Map(o["metadata"]?["annotations"]),
            Json.Map(o["data"]),
            Json.Str(o["mergePolicy"]) ?? "Replace");
}
