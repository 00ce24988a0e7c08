using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary>
/// A <c>dataTo[]</c> entry (bulk push): to the stores <see cref="StoreRef"/> picks out of <c>secretStoreRefs</c>, every
/// Secret key matching <see cref="Regexp"/> (all when empty), after <see cref="ConversionStrategy"/> — each as its own
/// remote key (renamed by <see cref="Rewrites"/>), or all together as one JSON object under <see cref="RemoteKey"/>.
/// </summary>
internal sealed record PushDataTo(PushStoreRef? StoreRef, string? Regexp, IReadOnlyList<Rewrite> Rewrites, string? RemoteKey, JsonNode? Metadata,
    string ConversionStrategy)
{
    public static PushDataTo Parse(JsonObject o) => new(
        o["storeRef"] is JsonObject store ? PushStoreRef.Parse(store) : null,
        Json.Str(o["match"]?["regexp"]) is { Length: > 0 } re ? re : null,
        [.. Json.Objects(o["rewrite"]).Select(Rewrite.Parse).OfType<Rewrite>()],
        Json.Str(o["remoteKey"]) is { Length: > 0 } key ? key : null,
        o["metadata"]?.DeepClone(),
        Json.Str(o["conversionStrategy"]) is { Length: > 0 } c ? c : "None");
}
