using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Http;

/// <summary>A reply body (or stored document) as JSON, or null when it is not JSON.</summary>
internal static class JsonBody
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
}
