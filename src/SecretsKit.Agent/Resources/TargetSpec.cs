using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

internal enum CreationPolicy { Owner, Orphan, Merge, None }

internal enum DeletionPolicy { Retain, Delete, Merge }

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

/// <summary><c>spec.target</c>.</summary>
internal sealed record TargetSpec(string Name, CreationPolicy Creation, DeletionPolicy Deletion, bool Immutable, TemplateSpec? Template)
{
    public static TargetSpec Parse(JsonNode? node, string defaultName) =>
        new(Json.Str(node?["name"]) ?? defaultName,
            Enum.TryParse<CreationPolicy>(Json.Str(node?["creationPolicy"]), out var c) ? c : CreationPolicy.Owner,
            Enum.TryParse<DeletionPolicy>(Json.Str(node?["deletionPolicy"]), out var d) ? d : DeletionPolicy.Retain,
            Json.Bool(node?["immutable"]) ?? false,
            TemplateSpec.Parse(node?["template"]));
}
