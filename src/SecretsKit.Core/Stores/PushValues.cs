using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Core.Stores;

/// <summary>
/// How a pushed value combines with what a store already holds: without a property the value replaces the secret;
/// with one it is set (as a string) in the secret's JSON object, other fields kept. Shared by every writer.
/// </summary>
public static class PushValues
{
    /// <summary>The new secret bytes for pushing <paramref name="value"/> at <paramref name="property"/> over <paramref name="existing"/>.</summary>
    public static byte[] Merge(byte[]? existing, string? property, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (property is null) return value;
        var obj = ParseObject(existing) ?? new JsonObject();
        obj[property] = Encoding.UTF8.GetString(value);
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    /// <summary>The secret without <paramref name="property"/>, or null when nothing is left (delete the secret).</summary>
    public static byte[]? Remove(byte[]? existing, string property)
    {
        var obj = ParseObject(existing);
        if (obj is null) return null;
        obj.Remove(property);
        return obj.Count == 0 ? null : Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    /// <summary>Whether the secret exists and, with a property, holds it.</summary>
    public static bool Holds(byte[]? existing, string? property) =>
        existing is not null && (property is null || ParseObject(existing)?.ContainsKey(property) == true);

    private static JsonObject? ParseObject(byte[]? bytes)
    {
        if (bytes is null) return null;
        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
