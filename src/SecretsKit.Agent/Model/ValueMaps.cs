using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Agent.Model;

/// <summary>Turns a fetched JSON secret into key → bytes, and extracts (dotted) properties, as the agent does locally.</summary>
internal static class ValueMaps
{
    public static IReadOnlyDictionary<string, byte[]> ToMap(string key, byte[] value, string provider)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            throw new SecretNotFoundException(provider, key, "value is not a JSON object, cannot extract keys");
        }
        if (node is not JsonObject o) throw new SecretNotFoundException(provider, key, "value is not a JSON object, cannot extract keys");
        return o.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(SpecJson.Str(kv.Value) ?? kv.Value?.ToJsonString() ?? ""), StringComparer.Ordinal);
    }

    /// <summary>The property (top level first, then a dotted path) of a JSON value.</summary>
    public static byte[] Property(string key, byte[] value, string property, string provider)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            throw new SecretNotFoundException(provider, key, $"property '{property}' requested but the value is not JSON");
        }
        var found = (node as JsonObject)?[property];
        if (found is null)
        {
            found = node;
            foreach (var part in property.Split('.'))
            {
                found = (found as JsonObject)?[part];
            }
        }
        return found is null
            ? throw new SecretNotFoundException(provider, key, $"property '{property}' not found")
            : Encoding.UTF8.GetBytes(SpecJson.Str(found) ?? found.ToJsonString());
    }
}
