using System.Globalization;
using System.Text;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// What ESO does to the keys and values of a <c>dataFrom</c> map after the rewrites: <c>conversionStrategy</c> (only
/// when there is no rewrite: each character that is no letter, digit, <c>-</c>, <c>.</c> or <c>_</c> becomes <c>_</c>,
/// or with <c>Unicode</c> <c>_U%04x_</c>, e.g. <c>/</c> → <c>_U002f_</c>), the key check (an empty key is dropped; a
/// key over 253 characters or with another character fails) and <c>nullBytePolicy: Fail</c>.
/// </summary>
internal static class KeyConversion
{
    public static Dictionary<string, byte[]> Convert(string strategy, IReadOnlyDictionary<string, byte[]> input)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in input.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var converted = Convert(strategy, key);
            if (!result.TryAdd(converted, value)) throw new KeyRewriteException($"secret name collision during conversion: {converted}");
        }
        return result;
    }

    private static string Convert(string strategy, string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var rune in GoString.Runes(key))
        {
            if (Allowed(rune)) sb.Append(rune.ToString());
            else if (strategy == "Unicode") sb.Append("_U").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture)).Append('_');
            else if (strategy is "Default" or "") sb.Append('_');
            else sb.Append(rune.ToString());
        }
        return sb.ToString();
    }

    private static bool Allowed(Rune r) => Rune.IsLetter(r) || Rune.IsNumber(r) || r.Value is '-' or '.' or '_';

    /// <summary>ESO's <c>ValidateKeys</c>: drops the empty key, refuses a key that no Secret can hold.</summary>
    public static void Validate(Dictionary<string, byte[]> map)
    {
        map.Remove("");
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            if (key.Length > 253) throw new KeyRewriteException($"key has length {key.Length} but max is 253: (following is truncated): {key[..253]}");
            foreach (var rune in GoString.Runes(key))
            {
                if (!Allowed(rune)) throw new KeyRewriteException($"key has invalid character {rune}, only alphanumeric, '-', '.' and '_' are allowed: {key}");
            }
        }
    }

    /// <summary><c>nullBytePolicy: Fail</c>: the first key (in sorted order) whose value holds a NUL byte fails the sync.</summary>
    public static void EnsureNoNullBytes(string policy, IEnumerable<KeyValuePair<string, byte[]>> values)
    {
        if (policy != "Fail") return;
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (value.AsSpan().Contains((byte)0)) throw new KeyRewriteException(NullBytes(key));
        }
    }

    public static string NullBytes(string key) =>
        $"fetched secret value for key {GoValues.Quote(key)} contains null bytes; use a text-safe format such as PEM/base64 or leave nullBytePolicy unset for intentional binary data";
}
