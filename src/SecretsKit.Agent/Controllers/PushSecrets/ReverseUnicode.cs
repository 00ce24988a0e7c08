using System.Globalization;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>
/// A PushSecret's <c>conversionStrategy</c> on the Secret's keys, as ESO's <c>esutils.ReverseKeys</c>: <c>ReverseUnicode</c>
/// turns each <c>_UXXXX_</c> (4 or 5 hex digits, as an ExternalSecret's <c>conversionStrategy: Unicode</c> writes it) back
/// into its character, so <c>db_U002f_password</c> is <c>db/password</c>; <c>None</c> leaves the keys as they are.
/// Two keys converting to one fail the push.
/// </summary>
internal static partial class ReverseUnicode
{
    [GeneratedRegex("_U([0-9a-fA-F]{4,5})_", RegexOptions.CultureInvariant)]
    private static partial Regex Escape();

    public static string Key(string strategy, string key) => strategy != PushEntry.ReverseUnicode ? key : Escape().Replace(key, m =>
    {
        var code = int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        // Go's %c of a surrogate is the replacement character
        return code is >= 0xD800 and <= 0xDFFF ? "\uFFFD" : char.ConvertFromUtf32(code);
    });

    public static Dictionary<string, byte[]> Keys(string strategy, IReadOnlyDictionary<string, byte[]> data)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var converted = Key(strategy, key);
            if (!result.TryAdd(converted, value))
            {
                throw new ReconcileException(PushSecretReasons.Errored, $"could not apply conversion strategy to keys: secret name collision during conversion: {converted}");
            }
        }
        return result;
    }
}
