using System.Globalization;
using SecretsKit.Core.GoText;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>
/// The spf13/cast conversions sprig applies to <c>interface{}</c> arguments (<c>ToInt64</c>, <c>ToInt</c>,
/// <c>ToFloat64</c>): numbers convert (a float truncates), strings parse as Go's <c>strconv.ParseInt(s, 0, 0)</c> after
/// trailing <c>.0</c>s are cut, <c>true</c> is 1, and anything else (nil, a list, a bad string) is 0 — sprig drops the error.
/// </summary>
internal static class SprigCast
{
    public static long ToInt64(object? v) => v switch
    {
        long l => l,
        int i => i,
        GoInt64 g => g.Value,
        double d => Truncate(d),
        bool b => b ? 1 : 0,
        string s => ParseInt(TrimZeroDecimal(s)) ?? 0,
        _ => 0,
    };

    public static double ToFloat64(object? v) => v switch
    {
        long l => l,
        int i => i,
        GoInt64 g => g.Value,
        double d => d,
        bool b => b ? 1 : 0,
        string s => ParseFloat(s) ?? 0,
        _ => 0,
    };

    /// <summary>Go's <c>int64(f)</c> on amd64: NaN, infinities and out-of-range values become the smallest int64.</summary>
    public static long Truncate(double d) =>
        double.IsNaN(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18 ? long.MinValue : (long)d;

    private static string TrimZeroDecimal(string s)
    {
        var foundZero = false;
        for (var i = s.Length; i > 0; i--)
        {
            switch (s[i - 1])
            {
                case '.':
                    if (foundZero) return s[..(i - 1)];
                    break;
                case '0':
                    foundZero = true;
                    break;
                default:
                    return s;
            }
        }
        return s;
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>: sign, <c>0x 0o 0b 0</c> prefixes, underscores after a prefix; null when invalid or out of range.</summary>
    public static long? ParseInt(string s)
    {
        if (s.Length == 0) return null;
        var neg = s[0] == '-';
        var body = s[0] is '-' or '+' ? s[1..] : s;
        var value = ParseUint(body);
        if (value is not { } u) return null;
        if (neg) return u <= 9223372036854775808UL ? (long)(0 - u) : null;
        return u <= long.MaxValue ? (long)u : null;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, 64)</c>.</summary>
    public static ulong? ParseUint(string s)
    {
        if (s.Length == 0) return null;
        var radix = 10;
        var prefixed = false;
        if (s[0] == '0' && s.Length > 1)
        {
            switch (char.ToLowerInvariant(s[1]))
            {
                case 'x': radix = 16; s = s[2..]; prefixed = true; break;
                case 'o': radix = 8; s = s[2..]; prefixed = true; break;
                case 'b': radix = 2; s = s[2..]; prefixed = true; break;
                default: radix = 8; s = s[1..]; prefixed = true; break;
            }
        }
        if (!UnderscoreOk(s, prefixed)) return null;
        ulong n = 0;
        var any = false;
        foreach (var c in s)
        {
            if (c == '_') continue;
            var d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : c is >= 'A' and <= 'Z' ? c - 'A' + 10 : 99;
            if (d >= radix) return null;
            if (n > (ulong.MaxValue - (ulong)d) / (ulong)radix) return null;
            n = n * (ulong)radix + (ulong)d;
            any = true;
        }
        return any ? n : null;
    }

    // Go: underscores only with a base prefix (or a leading 0), each between digits (or right after the prefix).
    private static bool UnderscoreOk(string s, bool prefixed)
    {
        if (!s.Contains('_', StringComparison.Ordinal)) return true;
        if (!prefixed) return false;
        var lastWasDigit = true;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '_')
            {
                if (!lastWasDigit) return false;
                lastWasDigit = false;
            }
            else lastWasDigit = true;
        }
        return lastWasDigit;
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: an optional sign and decimal digits only.</summary>
    public static long? ParseIntBase10(string s)
    {
        var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (body.Length == 0 || !body.All(char.IsAsciiDigit)) return null;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>Go's <c>strconv.ParseFloat(s, 64)</c>; null when invalid (an out-of-range value is ±Inf with an error: null).</summary>
    public static double? ParseFloat(string s) => GoFloat.TryParse(s, out var d) ? d : null;

    public static string FormatInt(long v) => v.ToString(CultureInfo.InvariantCulture);
}
