using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary><c>spec.target.template</c>: secret type, metadata, data templates and <c>templateFrom</c> sources.</summary>
internal sealed record TemplateSpec(
    string? Type,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Data,
    string MergePolicy)
{
    /// <summary><c>templateFrom</c>, applied in order before <see cref="Data"/> (whose keys win).</summary>
    public IReadOnlyList<TemplateFrom> From { get; init; } = [];

    /// <summary><c>metadata.finalizers</c>, added to the target when missing.</summary>
    public IReadOnlyList<string> Finalizers { get; init; } = [];

    public static TemplateSpec? Parse(JsonNode? node) =>
        node is not JsonObject o ? null : new TemplateSpec(
            Json.Str(o["type"]),
            Json.Map(o["metadata"]?["labels"]),
            Json.Map(o["metadata"]?["annotations"]),
            Json.Map(o["data"]),
            Json.Str(o["mergePolicy"]) ?? "Replace")
        {
            From = [.. Json.Objects(o["templateFrom"]).Select(TemplateFrom.Parse)],
            Finalizers = Json.Strings(o["metadata"]?["finalizers"]),
        };
}
