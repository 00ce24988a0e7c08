using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary>
/// One <c>target.template.templateFrom[]</c> entry: templates read from a ConfigMap's or Secret's keys (each as
/// <c>Values</c>, the key's text one template, or <c>KeysAndValues</c>, its output a YAML map of keys) or a
/// <c>literal</c> (always <c>KeysAndValues</c>), rendered into <c>Target</c> (Data, Annotations or Labels, any case),
/// the rendered values decoded with <c>ValuesDecodingStrategy</c>.
/// </summary>
internal sealed record TemplateFrom(TemplateRef? ConfigMap, TemplateRef? Secret, string? Literal, string Target, string ValuesDecodingStrategy)
{
    public static TemplateFrom Parse(JsonObject o) =>
        new(TemplateRef.Parse(o["configMap"]), TemplateRef.Parse(o["secret"]), Json.Str(o["literal"]),
            Json.Str(o["target"]) is { Length: > 0 } target ? target : "Data", Json.Str(o["valuesDecodingStrategy"]) ?? "None");
}

/// <summary>A ConfigMap or Secret of the ExternalSecret's namespace and the keys of it that are templates.</summary>
internal sealed record TemplateRef(string Name, IReadOnlyList<TemplateRefItem> Items)
{
    public static TemplateRef? Parse(JsonNode? node) =>
        node is JsonObject o
            ? new TemplateRef(Json.Str(o["name"]) ?? "", [.. Json.Objects(o["items"]).Select(i => new TemplateRefItem(Json.Str(i["key"]) ?? "",
                Json.Str(i["templateAs"]) is { Length: > 0 } scope ? scope : "Values"))])
            : null;
}

/// <summary>One key of a <see cref="TemplateRef"/> and its scope (<c>Values</c> or <c>KeysAndValues</c>).</summary>
internal sealed record TemplateRefItem(string Key, string TemplateAs);
