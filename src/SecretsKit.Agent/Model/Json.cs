using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary>Small typed accessors over <see cref="JsonNode"/> used by the resource views.</summary>
internal static class Json
{
    public static string? Str(JsonNode? node) => Cloud.Providers.SpecJson.Str(node);

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static IReadOnlyDictionary<string, string> Map(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (Str(v) is { } s) result[k] = s;
            }
        }
        return result;
    }

    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.Select(Str).OfType<string>()] : [];
}
