using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary><c>remoteRef</c> of a <c>data</c> entry or <c>dataFrom.extract</c> (strategies and policies as ESO defaults them).</summary>
internal sealed record RemoteRef(string Key, string? Property, string? Version, string DecodingStrategy, string ConversionStrategy = "Default",
    string MetadataPolicy = "None", string NullBytePolicy = "Ignore")
{
    public static RemoteRef Parse(JsonObject o) =>
        new(Json.Str(o["key"]) ?? "", Json.Str(o["property"]), Json.Str(o["version"]), Json.Str(o["decodingStrategy"]) ?? "None",
            Json.Str(o["conversionStrategy"]) ?? "Default", Json.Str(o["metadataPolicy"]) ?? "None", Json.Str(o["nullBytePolicy"]) ?? "Ignore");
}
