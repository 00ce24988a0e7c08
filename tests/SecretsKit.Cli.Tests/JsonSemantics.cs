using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Cli.Tests;

/// <summary>Structural JSON equality where numbers compare by value (25.4 == 25.40, 1234568000.0 == 1.234568e9).</summary>
internal static class JsonSemantics
{
    public static bool Equal(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.ContainsKey(p.Key) && Equal(p.Value, y[p.Key])),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
        (JsonValue x, JsonValue y) => ValueEqual(x, y),
        _ => false,
    };

    private static bool ValueEqual(JsonValue x, JsonValue y)
    {
        var kx = x.GetValueKind();
        var ky = y.GetValueKind();
        if (kx == JsonValueKind.Number && ky == JsonValueKind.Number) return x.GetValue<double>() == y.GetValue<double>();
        return kx == ky && x.ToJsonString() == y.ToJsonString();
    }
}
