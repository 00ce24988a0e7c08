using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

/// <summary><c>spec.target</c>.</summary>
internal sealed record TargetSpec(string Name, CreationPolicy Creation, DeletionPolicy Deletion, bool Immutable, TemplateSpec? Template)
{
    public static TargetSpec Parse(JsonNode? node, string defaultName) =>
        new(Json.Str(node?["name"]) is { Length: > 0 } name ? name : defaultName,
            Enum.TryParse<CreationPolicy>(Json.Str(node?["creationPolicy"]), out var c) ? c : CreationPolicy.Owner,
            Enum.TryParse<DeletionPolicy>(Json.Str(node?["deletionPolicy"]), out var d) ? d : DeletionPolicy.Retain,
            Json.Bool(node?["immutable"]) ?? false,
            TemplateSpec.Parse(node?["template"]));
}
