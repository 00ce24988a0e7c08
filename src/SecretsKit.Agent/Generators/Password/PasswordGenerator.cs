using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Password;

/// <summary>
/// ESO's <c>Password</c> generator: <c>length</c> (default 24, also when 0 or less) characters of which <c>digits</c> and
/// <c>symbols</c> (each default a quarter of the length) are digits and <c>symbolCharacters</c>, the rest letters (lower
/// case only with <c>noUpper</c>), no character twice unless <c>allowRepeat</c>, all drawn with
/// <see cref="RandomNumberGenerator"/>. One password of its own per key of <c>secretKeys</c> (default <c>password</c>;
/// each non-empty and unique), written as <c>encoding</c> says (<see cref="PasswordEncoding"/>, default <c>raw</c>).
/// </summary>
internal sealed class PasswordGenerator : IGenerator
{
    public ResourceType Type => ResourceTypes.Password;

    public string ClusterSpecKey => "passwordSpec";

    public Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct) =>
        Task.FromResult(Generate(call.Spec, call.Description));

    private const string Digits = "0123456789";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string DefaultSymbols = "~!@#$%^&*()_+`-={}|[]\\:\"<>?,./";

    public static IReadOnlyDictionary<string, byte[]> Generate(JsonObject spec, string name)
    {
        var keys = SecretKeys(spec, name);
        var encoding = Json.Str(spec["encoding"]);
        var length = Int(spec["length"], 24) is > 0 and var l ? l : 24;
        var digits = Int(spec["digits"], length / 4);
        var symbols = Int(spec["symbols"], length / 4);
        var symbolSet = Json.Str(spec["symbolCharacters"]) is { Length: > 0 } s ? s : DefaultSymbols;
        var letters = Json.Bool(spec["noUpper"]) == true ? Lower : Lower + Upper;
        var allowRepeat = Json.Bool(spec["allowRepeat"]) == true;
        if (digits < 0 || symbols < 0 || digits + symbols > length)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"{name}: digits + symbols must be at most length, and neither negative");
        }
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var password = Encoding.UTF8.GetBytes(One(length, digits, symbols, symbolSet, letters, allowRepeat, name));
            result[key] = PasswordEncoding.Encode(password, encoding);
        }
        return result;
    }

    /// <summary>At most this many <c>secretKeys</c> (a budget of the agent's; a Secret holds at most 1 MiB anyway).</summary>
    public const int MaxSecretKeys = 256;

    /// <summary>ESO's <c>secretKeys</c>: absent or empty is <c>[password]</c>; an empty or repeated key is an error.</summary>
    private static List<string> SecretKeys(JsonObject spec, string name)
    {
        if (spec["secretKeys"] is not JsonArray { Count: > 0 } array)
        {
            if (spec["secretKeys"] is null or JsonArray) return ["password"];
            throw new ReconcileException(Messages.SecretSyncedError, $"{name}: spec.secretKeys is not a list");
        }
        if (array.Count > MaxSecretKeys)
        {
            throw new ReconcileException(Messages.SecretSyncedError,
                string.Create(CultureInfo.InvariantCulture, $"{name}: secretKeys lists {array.Count} keys, more than the agent's limit of {MaxSecretKeys}"));
        }
        var keys = new List<string>(array.Count);
        foreach (var item in array)
        {
            var key = item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
            if (key.Length == 0 || keys.Contains(key))
            {
                throw new ReconcileException(Messages.SecretSyncedError, $"{name}: secretKeys must be non-empty and unique");
            }
            keys.Add(key);
        }
        return keys;
    }

    private static string One(int length, int digits, int symbols, string symbolSet, string letters, bool allowRepeat, string name)
    {
        var chars = new List<char>(length);
        Draw(chars, Digits, digits, allowRepeat, name);
        Draw(chars, symbolSet, symbols, allowRepeat, name);
        Draw(chars, letters, length - digits - symbols, allowRepeat, name);
        for (var i = chars.Count - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }
        return new string([.. chars]);
    }

    private static void Draw(List<char> into, string alphabet, int count, bool allowRepeat, string name)
    {
        var pool = alphabet.Distinct().ToList();
        if (!allowRepeat && count > pool.Count)
        {
            throw new ReconcileException(Messages.SecretSyncedError,
                string.Create(CultureInfo.InvariantCulture, $"{name}: {count} characters from a set of {pool.Count} need allowRepeat: true"));
        }
        for (var i = 0; i < count; i++)
        {
            var k = RandomNumberGenerator.GetInt32(pool.Count);
            into.Add(pool[k]);
            if (!allowRepeat) pool.RemoveAt(k);
        }
    }

    private static int Int(JsonNode? node, int fallback) =>
        node is JsonValue i && i.TryGetValue<int>(out var k) ? Math.Clamp(k, -1, 4096)
        : node is JsonValue v && v.TryGetValue<long>(out var n) ? (int)Math.Clamp(n, -1, 4096)
        : node is JsonValue d && d.TryGetValue<double>(out var x) ? (int)Math.Clamp(x, -1, 4096) : fallback;
}
