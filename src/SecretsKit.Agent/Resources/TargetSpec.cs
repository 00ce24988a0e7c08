using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

/// <summary><c>spec.target</c>.</summary>
internal sealed record TargetSpec(string Name, CreationPolicy Creation, DeletionPolicy Deletion, bool Immutable, TemplateSpec? Template)
{
    public static TargetSpec Parse(JsonNode? node, string defaultName) =>
        new(Json.Str(Json.Field(node, "name")) is { Length: > 0 } name ? name : defaultName,
            Enum.TryParse<CreationPolicy>(Json.Str(Json.Field(node, "creationPolicy")), out var c) ? c : CreationPolicy.Owner,
            Enum.TryParse<DeletionPolicy>(Json.Str(Json.Field(node, "deletionPolicy")), out var d) ? d : DeletionPolicy.Retain,
            Json.Bool(Json.Field(node, "immutable")) ?? false,
            TemplateSpec.Parse(Json.Field(node, "template")));
}
