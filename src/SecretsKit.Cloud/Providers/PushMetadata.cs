using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// A PushSecret entry's <c>metadata</c> as ESO reads it (<c>apiVersion: kubernetes.external-secrets.io/v1alpha1</c>,
/// <c>kind: PushSecretMetadata</c>, a provider-specific <c>spec</c>): fields a provider does not know are refused, as
/// ESO's strict decoding does, and maps and lists are bounded. Errors name the field and never echo a value.
/// </summary>
public static class PushMetadata
{
    public const string ApiVersion = "kubernetes.external-secrets.io/v1alpha1";
    public const string Kind = "PushSecretMetadata";

    /// <summary>At most this many entries in one metadata map or list.</summary>
    public const int MaxEntries = 256;

    /// <summary>At most this many characters in one metadata string.</summary>
    public const int MaxString = 64 * 1024;

    /// <summary>The <c>spec</c> of <paramref name="metadata"/> (empty when it has none), or null without metadata; a spec field not in <paramref name="fields"/> is refused.</summary>
    public static JsonObject? Spec(JsonNode? metadata, string provider, params string[] fields)
    {
        if (metadata is null) return null;
        if (metadata is not JsonObject root) throw Invalid(provider, "metadata is not an object");
        foreach (var (name, _) in root)
        {
            if (name is not ("apiVersion" or "kind" or "spec")) throw Invalid(provider, $"unknown field \"{Clip(name)}\"");
        }
        if (SpecJson.Str(root["apiVersion"]) is var version && version != ApiVersion)
        {
            throw new StoreConfigException($"{provider}: unexpected apiVersion \"{Clip(version)}\", expected \"{ApiVersion}\"");
        }
        if (SpecJson.Str(root["kind"]) is var kind && kind != Kind)
        {
            throw new StoreConfigException($"{provider}: unexpected kind \"{Clip(kind)}\", expected \"{Kind}\"");
        }
        var spec = root["spec"] switch
        {
            null => new JsonObject(),
            JsonObject o => o,
            _ => throw Invalid(provider, "spec is not an object"),
        };
        foreach (var (name, _) in spec)
        {
            if (!fields.Contains(name, StringComparer.Ordinal)) throw Invalid(provider, $"unknown field \"spec.{Clip(name)}\"");
        }
        return spec;
    }

    /// <summary>A string field of the spec (null when absent; a dotted <paramref name="field"/> reaches into nested objects); anything else is refused.</summary>
    public static string? Text(JsonObject? spec, string field, string provider) => SpecJson.At(spec, field) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: <= MaxString } s => s,
        _ => throw Invalid(provider, $"spec.{field} is not a string of at most {MaxString} characters"),
    };

    /// <summary>A boolean field of the spec (null when absent; dotted as for <see cref="Text"/>); anything else is refused.</summary>
    public static bool? Flag(JsonObject? spec, string field, string provider) => SpecJson.At(spec, field) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Invalid(provider, $"spec.{field} is not a boolean"),
    };

    /// <summary>A nested object of the spec (null when absent; dotted as for <see cref="Text"/>); a field not in <paramref name="fields"/> is refused, as at the top.</summary>
    public static JsonObject? Nested(JsonObject? spec, string field, string provider, params string[] fields)
    {
        switch (SpecJson.At(spec, field))
        {
            case null:
                return null;
            case JsonObject o:
                foreach (var (name, _) in o)
                {
                    if (!fields.Contains(name, StringComparer.Ordinal)) throw Invalid(provider, $"unknown field \"spec.{field}.{Clip(name)}\"");
                }
                return o;
            default:
                throw Invalid(provider, $"spec.{field} is not an object");
        }
    }

    /// <summary>A map of strings (empty when absent), at most <see cref="MaxEntries"/> entries.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(JsonObject? spec, string field, string provider)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (spec?[field])
        {
            case null:
                return map;
            case JsonObject o when o.Count <= MaxEntries:
                foreach (var (key, value) in o)
                {
                    map[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: <= MaxString } s
                        ? s
                        : throw Invalid(provider, $"spec.{field}.{Clip(key)} is not a string of at most {MaxString} characters");
                }
                return map;
            default:
                throw Invalid(provider, $"spec.{field} is not a map of strings with at most {MaxEntries} entries");
        }
    }

    /// <summary>A list of strings (empty when absent), at most <see cref="MaxEntries"/> entries.</summary>
    public static IReadOnlyList<string> StringList(JsonObject? spec, string field, string provider) => spec?[field] switch
    {
        null => [],
        JsonArray a when a.Count <= MaxEntries => [.. a.Select((item, i) =>
            item is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: <= MaxString } s
                ? s
                : throw Invalid(provider, $"spec.{field}[{i}] is not a string of at most {MaxString} characters"))],
        _ => throw Invalid(provider, $"spec.{field} is not a list of strings with at most {MaxEntries} entries"),
    };

    /// <summary>Refuses a map that would set or change the ownership marker (<see cref="PushOwnership.Key"/>).</summary>
    public static void RefuseOwnershipKey(IReadOnlyDictionary<string, string> map, string field, string provider)
    {
        if (map.ContainsKey(PushOwnership.Key))
        {
            throw Invalid(provider, $"spec.{field} may not set '{PushOwnership.Key}': the agent keeps that marker itself");
        }
    }

    /// <summary>The refusal of a metadata field, in ESO's wording (<c>failed to parse … PushSecretMetadata: …</c>); <paramref name="detail"/> must echo no value.</summary>
    public static StoreConfigException Invalid(string provider, string detail) =>
        new($"{provider}: failed to parse {ApiVersion} {Kind}: {detail}");

    private static string Clip(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}
