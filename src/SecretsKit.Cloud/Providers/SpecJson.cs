using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>Reading store spec values (strings, or scalars as their JSON text).</summary>
public static class SpecJson
{
    public static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node is JsonValue n ? n.ToJsonString() : null;

    /// <summary>The string at <paramref name="field"/>, or a <see cref="StoreConfigException"/> naming it.</summary>
    public static string Required(ProviderSpec spec, string provider, string field) =>
        Str(spec.Spec[field]) ?? throw new StoreConfigException($"store {spec.StoreName}: spec.provider.{provider}.{field} is required");

    /// <summary>The objects of a JSON array (none for anything else).</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>The strings (and scalars as JSON text) of a JSON array.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(Str).OfType<string>()] : [];

    /// <summary>The node at a dotted <paramref name="path"/> below <paramref name="node"/> (null when a step is absent or not an object).</summary>
    public static JsonNode? At(JsonNode? node, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var step in path.Split('.')) node = (node as JsonObject)?[step];
        return node;
    }
}
