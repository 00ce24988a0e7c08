using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// ESO's <c>Password</c> generator: <c>length</c> (default 24) characters of which <c>digits</c> and <c>symbols</c>
/// (each default a quarter of the length) are digits and <c>symbolCharacters</c>, the rest letters (lower case only with
/// <c>noUpper</c>), no character twice unless <c>allowRepeat</c>, all drawn with <see cref="RandomNumberGenerator"/>.
/// Produces the key <c>password</c>.
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
        var length = Int(spec["length"], 24);
        var digits = Int(spec["digits"], length / 4);
        var symbols = Int(spec["symbols"], length / 4);
        var symbolSet = Json.Str(spec["symbolCharacters"]) is { Length: > 0 } s ? s : DefaultSymbols;
        var letters = Json.Bool(spec["noUpper"]) == true ? Lower : Lower + Upper;
        var allowRepeat = Json.Bool(spec["allowRepeat"]) == true;
        if (length < 1 || digits < 0 || symbols < 0 || digits + symbols > length)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"{name}: digits + symbols must be at most length, and length at least 1");
        }
        var chars = new List<char>(length);
        Draw(chars, Digits, digits, allowRepeat, name);
        Draw(chars, symbolSet, symbols, allowRepeat, name);
        Draw(chars, letters, length - digits - symbols, allowRepeat, name);
        for (var i = chars.Count - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }
        return new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["password"] = Encoding.UTF8.GetBytes([.. chars]) };
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
        node is JsonValue v && v.TryGetValue<long>(out var n) ? (int)Math.Clamp(n, -1, 4096)
        : node is JsonValue d && d.TryGetValue<double>(out var x) ? (int)Math.Clamp(x, -1, 4096) : fallback;
}
