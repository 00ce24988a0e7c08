using System.Globalization;
using System.Text;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>Go's <c>time.Duration</c> text: <c>String()</c> (<c>1h2m3.5s</c>, <c>1.5ms</c>, <c>0s</c>) and <c>time.ParseDuration</c>.</summary>
internal static class GoDuration
{
    public const long Second = 1_000_000_000;

    public static string Format(long d)
    {
        if (d == 0) return "0s";
        var neg = d < 0;
        var u = neg ? (ulong)(-(d + 1)) + 1 : (ulong)d;
        var sb = new StringBuilder();
        if (u < Second)
        {
            var (prec, unit) = u < 1_000 ? (0, "ns") : u < 1_000_000 ? (3, "µs") : (6, "ms");
            sb.Append(Frac(ref u, prec)).Append(unit);
            sb.Insert(0, u.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            var frac = Frac(ref u, 9);
            sb.Append(u % 60).Append(frac).Append('s');
            u /= 60;
            if (u > 0)
            {
                sb.Insert(0, (u % 60).ToString(CultureInfo.InvariantCulture) + "m");
                u /= 60;
                if (u > 0) sb.Insert(0, u.ToString(CultureInfo.InvariantCulture) + "h");
            }
        }
        return (neg ? "-" : "") + sb;
    }

    private static string Frac(ref ulong v, int prec)
    {
        var digits = new StringBuilder();
        var print = false;
        for (var i = 0; i < prec; i++)
        {
            var digit = v % 10;
            print = print || digit != 0;
            if (print) digits.Insert(0, (char)('0' + digit));
            v /= 10;
        }
        return print ? "." + digits : "";
    }

    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1, ["us"] = 1_000, ["µs"] = 1_000, ["μs"] = 1_000, ["ms"] = 1_000_000, ["s"] = Second, ["m"] = 60 * Second, ["h"] = 3600 * Second,
    };

    /// <summary>Go's <c>time.ParseDuration</c>; null with Go's error text when invalid.</summary>
    public static long Parse(string s, out string? error)
    {
        error = null;
        var orig = s;
        string Quote() => GoValues.Quote(orig);
        ulong d = 0;
        var neg = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return 0;
        if (s.Length == 0)
        {
            error = "time: invalid duration " + Quote();
            return 0;
        }
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                error = "time: invalid duration " + Quote();
                return 0;
            }
            var i = 0;
            ulong v = 0;
            var overflow = false;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (v > (1UL << 63) / 10) overflow = true;
                v = (v * 10) + (ulong)(s[i] - '0');
                if (v > 1UL << 63) overflow = true;
                i++;
            }
            if (overflow)
            {
                error = "time: invalid duration " + Quote();
                return 0;
            }
            var pre = i != 0;
            s = s[i..];
            ulong f = 0;
            double scale = 1;
            var post = false;
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                i = 0;
                var over = false;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (!over)
                    {
                        if (f > ((1UL << 63) - 1) / 10) over = true;
                        else
                        {
                            f = (f * 10) + (ulong)(s[i] - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                post = i != 0;
                s = s[i..];
            }
            if (!pre && !post)
            {
                error = "time: invalid duration " + Quote();
                return 0;
            }
            i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i])) i++;
            if (i == 0)
            {
                error = "time: missing unit in duration " + Quote();
                return 0;
            }
            var u = s[..i];
            s = s[i..];
            if (!Units.TryGetValue(u, out var unit))
            {
                error = "time: unknown unit " + GoValues.Quote(u) + " in duration " + Quote();
                return 0;
            }
            if (v > (1UL << 63) / unit)
            {
                error = "time: invalid duration " + Quote();
                return 0;
            }
            v *= unit;
            if (f > 0)
            {
                v += (ulong)(f * (unit / scale));
                if (v > 1UL << 63)
                {
                    error = "time: invalid duration " + Quote();
                    return 0;
                }
            }
            d += v;
            if (d > 1UL << 63)
            {
                error = "time: invalid duration " + Quote();
                return 0;
            }
        }
        if (neg) return unchecked(-(long)d);
        if (d > (1UL << 63) - 1)
        {
            error = "time: invalid duration " + Quote();
            return 0;
        }
        return (long)d;
    }
}
