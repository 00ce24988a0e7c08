using System.Text.Json;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>The parts of a CRD's structural schema (openAPIV3Schema) that decide how a value is seen by CEL and
/// which rules apply where: type, format, properties, additionalProperties, items, the x-kubernetes extensions
/// and x-kubernetes-validations.</summary>
public sealed class KubernetesSchema
{
    public string? Type { get; init; }

    public string? Format { get; init; }

    public IReadOnlyDictionary<string, KubernetesSchema> Properties { get; init; } = new Dictionary<string, KubernetesSchema>();

    public KubernetesSchema? AdditionalProperties { get; init; }

    public KubernetesSchema? Items { get; init; }

    /// <summary><c>x-kubernetes-list-type</c>: atomic, set or map.</summary>
    public string? ListType { get; init; }

    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    public bool IntOrString { get; init; }

    public bool PreserveUnknownFields { get; init; }

    public bool EmbeddedResource { get; init; }

    public IReadOnlyList<KubernetesRule> Validations { get; init; } = [];

    /// <summary>Reads an openAPIV3Schema node (JSON).</summary>
    public static KubernetesSchema FromJson(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return new KubernetesSchema();
        return new KubernetesSchema
        {
            Type = Text(schema, "type"),
            Format = Text(schema, "format"),
            Properties = schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object
                ? props.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal)
                : new Dictionary<string, KubernetesSchema>(),
            AdditionalProperties = schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object
                ? FromJson(extra) : null,
            Items = schema.TryGetProperty("items", out var items) ? FromJson(items) : null,
            ListType = Text(schema, "x-kubernetes-list-type"),
            ListMapKeys = schema.TryGetProperty("x-kubernetes-list-map-keys", out var keys) && keys.ValueKind == JsonValueKind.Array
                ? keys.EnumerateArray().Select(k => k.GetString() ?? "").ToList() : [],
            IntOrString = Flag(schema, "x-kubernetes-int-or-string"),
            PreserveUnknownFields = Flag(schema, "x-kubernetes-preserve-unknown-fields"),
            EmbeddedResource = Flag(schema, "x-kubernetes-embedded-resource"),
            Validations = schema.TryGetProperty("x-kubernetes-validations", out var rules) && rules.ValueKind == JsonValueKind.Array
                ? rules.EnumerateArray().Select(KubernetesRule.FromJson).ToList() : [],
        };
    }

    private static string? Text(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
