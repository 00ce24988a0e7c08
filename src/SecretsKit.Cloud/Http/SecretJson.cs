using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// JSON helpers shared by the secret stores: ESO-style property selection (an exact top-level key first, then a
/// dotted path into nested objects and arrays) and conversion of values to bytes (strings raw, others as JSON).
/// </summary>
internal static class SecretJson
{
    public static JsonNode? TryParse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            return JsonNode.Parse(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Finds <paramref name="property"/> in <paramref name="root"/>; false when absent.</summary>
    public static bool TrySelect(JsonNode? root, string property, out JsonNode? value)
    {
        value = null;
        if (root is JsonObject obj && obj.TryGetPropertyValue(property, out value)) return true;
        var current = root;
        foreach (var segment in property.Split('.'))
        {
            switch (current)
            {
                case JsonObject o when o.TryGetPropertyValue(segment, out var next):
                    current = next;
                    break;
                case JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count:
                    current = a[i];
                    break;
                default:
                    return false;
            }
        }
        value = current;
        return true;
    }

    /// <summary>Selects a property of a JSON secret value, or throws naming provider, key and property.</summary>
    public static byte[] SelectProperty(string provider, string key, ReadOnlySpan<byte> secretJson, string property)
    {
        var root = TryParse(secretJson);
        if (root is not JsonObject and not JsonArray)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{provider}: secret '{key}' is not a JSON object, so property '{property}' cannot be selected");
        }
        if (!TrySelect(root, property, out var value))
        {
            throw new SecretNotFoundException(provider, key, $"property '{property}' does not exist");
        }
        return ToBytes(value);
    }

    /// <summary>A string as its raw UTF-8 bytes; any other value as compact JSON.</summary>
    public static byte[] ToBytes(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(v.GetValue<string>())
            : Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null");

    /// <summary>
    /// The key → bytes map of a secret (<see cref="ToMap"/>) at <paramref name="property"/> (the whole value when null);
    /// throws naming provider and key when the property does not exist.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> MapAt(string provider, string key, JsonNode? root, string? property)
    {
        var node = root;
        if (property is not null && !TrySelect(root, property, out node))
        {
            throw new SecretNotFoundException(provider, key, $"property '{property}' does not exist");
        }
        return ToMap(provider, key, node);
    }

    /// <summary>A JSON object as key → bytes (values through <see cref="ToBytes"/>), or throws naming provider and key.</summary>
    public static IReadOnlyDictionary<string, byte[]> ToMap(string provider, string key, JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{provider}: secret '{key}' is not a JSON object, so it cannot be read as a key/value map");
        }
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (k, v) in obj)
        {
            map[k] = ToBytes(v);
        }
        return map;
    }
}
