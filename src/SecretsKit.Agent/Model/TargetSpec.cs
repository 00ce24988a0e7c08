using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary><c>spec.target</c>.</summary>
internal sealed record TargetSpec(string Name, CreationPolicy Creation, DeletionPolicy Deletion, bool Immutable, TemplateSpec? Template)
{
    /// <summary><c>manifest</c>: a kind other than a Secret to write (null, or a v1 Secret: a Secret).</summary>
    public ManifestRef? Manifest { get; init; }

    /// <summary>Whether the target is a Secret (no <c>manifest</c>, or one naming <c>v1 Secret</c>).</summary>
    public bool IsSecret => Manifest is null || Manifest.IsSecret;

    public static TargetSpec Parse(JsonNode? node, string defaultName) =>
        new(Json.Str(node?["name"]) is { Length: > 0 } name ? name : defaultName,
            Enum.TryParse<CreationPolicy>(Json.Str(node?["creationPolicy"]), out var c) ? c : CreationPolicy.Owner,
            Enum.TryParse<DeletionPolicy>(Json.Str(node?["deletionPolicy"]), out var d) ? d : DeletionPolicy.Retain,
            Json.Bool(node?["immutable"]) ?? false,
            TemplateSpec.Parse(node?["template"])) { Manifest = ManifestRef.Parse(node?["manifest"]) };
}
