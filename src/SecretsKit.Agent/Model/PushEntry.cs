using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary>
/// A <c>data[].match</c> (or an entry <c>dataTo</c> expands to): the Secret key (null = the whole Secret as a JSON
/// object), where it goes, the entry's <c>conversionStrategy</c> (<c>None</c> or <c>ReverseUnicode</c>) and its
/// provider-specific <c>metadata</c>.
/// </summary>
internal sealed record PushEntry(string? SecretKey, string RemoteKey, string? Property)
{
    public const string ReverseUnicode = "ReverseUnicode";

    public string ConversionStrategy { get; init; } = "None";

    public JsonNode? Metadata { get; init; }

    /// <summary>The key under a store in <c>status.syncedPushSecrets</c> (ESO's: remote key, then <c>/property</c>).</summary>
    public string StatusKey => Property is null ? RemoteKey : $"{RemoteKey}/{Property}";

    public static PushEntry Parse(JsonObject entry)
    {
        var match = entry["match"] as JsonObject ?? new JsonObject();
        return new PushEntry(Json.Str(match["secretKey"]) is { Length: > 0 } key ? key : null, Json.Str(match["remoteRef"]?["remoteKey"]) ?? "",
            Json.Str(match["remoteRef"]?["property"]) is { Length: > 0 } p ? p : null)
        {
            ConversionStrategy = Json.Str(entry["conversionStrategy"]) is { Length: > 0 } c ? c : "None",
            Metadata = entry["metadata"]?.DeepClone(),
        };
    }
}
