using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Release.Drift;

/// <summary>
/// A Secret's <c>data</c> and <c>stringData</c> compared by hash: each key the manifest sets against the live Secret's
/// (its <c>data</c>, base64-decoded; <c>stringData</c> too, where a server kept it), as SHA-256 of the bytes. A change
/// names the key only (<c>data.API_TOKEN changed</c>); no value, plain or base64, is ever kept in a change.
/// </summary>
internal static class SecretDrift
{
    public static readonly IReadOnlySet<string> Sections = new HashSet<string>(StringComparer.Ordinal) { "data", "stringData" };

    public static IEnumerable<DriftChange> Compare(JsonObject manifest, JsonObject live, Func<string, bool> ignored)
    {
        var liveHashes = Hashes(live);
        foreach (var section in new[] { "data", "stringData" })
        {
            if (manifest[section] is not JsonObject entries) continue;
            foreach (var (key, value) in entries)
            {
                var pointer = $"/{section}/{FieldDrift.Escape(key)}";
                if (value is null || ignored(pointer)) continue;
                var path = FieldDrift.Below(section, key);
                if (!liveHashes.TryGetValue(key, out var have))
                {
                    yield return new DriftChange(path, pointer, DriftChangeKind.Missing);
                }
                else if (Hash(section, value) is not { } want || !CryptographicOperations.FixedTimeEquals(want, have))
                {
                    yield return new DriftChange(path, pointer, DriftChangeKind.Changed);
                }
            }
        }
    }

    /// <summary>The live Secret's keys with the hash of each value (<c>stringData</c> over <c>data</c>, as the API server merges them).</summary>
    private static Dictionary<string, byte[]> Hashes(JsonObject secret)
    {
        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var section in new[] { "data", "stringData" })
        {
            if (secret[section] is not JsonObject entries) continue;
            foreach (var (key, value) in entries)
            {
                if (value is not null && Hash(section, value) is { } hash) hashes[key] = hash;
            }
        }
        return hashes;
    }

    /// <summary>SHA-256 of an entry's bytes (a <c>data</c> value decoded from base64); null when it is not a string or not base64.</summary>
    private static byte[]? Hash(string section, JsonNode value)
    {
        if (value.GetValueKind() != JsonValueKind.String) return null;
        var text = value.GetValue<string>();
        if (section == "stringData") return SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var n) ? SHA256.HashData(bytes.AsSpan(0, n)) : null;
    }
}
