using System.Globalization;
using System.Text;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Go.Time;

/// <summary>Go's <c>time.Duration</c> text: <c>String()</c> (<c>1h2m3.5s</c>, <c>1.5ms</c>, <c>0s</c>) and <c>time.ParseDuration</c>.</summary>
public static class GoDuration
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

    /// <summary>Go's <c>time.ParseDuration</c> in nanoseconds; 0 with Go's error text in <paramref name="error"/> when invalid.</summary>
    public static long Parse(string s, out string? error)
    {
        error = null;
        var rest = s;
        var neg = false;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            neg = rest[0] == '-';
            rest = rest[1..];
        }
        if (rest == "0") return 0;
        if (rest.Length == 0) return Fail(Invalid(s), out error);
        ulong d = 0;
        while (rest.Length > 0)
        {
            if (Element(ref rest, s) is var (v, problem) && problem is not null) return Fail(problem, out error);
            d += v;
            if (d > 1UL << 63) return Fail(Invalid(s), out error);
        }
        if (neg) return unchecked(-(long)d);
        return d > (1UL << 63) - 1 ? Fail(Invalid(s), out error) : (long)d;
    }

    /// <summary>
    /// Go's <c>time.ParseDuration</c> as a <see cref="TimeSpan"/> (nanoseconds below a 100 ns tick dropped); false where
    /// Go returns an error. Accepts what Go accepts: a sign, <c>0</c>, and number+unit elements with fractions and the
    /// units <c>ns us µs μs ms s m h</c>.
    /// </summary>
    public static bool TryParse(string s, out TimeSpan duration)
    {
        var ns = Parse(s, out var error);
        duration = TimeSpan.FromTicks(ns / 100);
        return error is null;
    }

    private static long Fail(string problem, out string? error)
    {
        error = problem;
        return 0;
    }

    private static string Invalid(string orig) => "time: invalid duration " + GoQuote.Quote(orig);

    /// <summary>One <c>[digits][.digits]unit</c> element off the front of <paramref name="s"/>, in nanoseconds.</summary>
    private static (ulong Value, string? Error) Element(ref string s, string orig)
    {
        if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) return (0, Invalid(orig));
        if (LeadingInt(ref s) is not { } v) return (0, Invalid(orig));
        var pre = v.Digits != 0;
        var (f, scale, post) = (0UL, 1.0, false);
        if (s.Length > 0 && s[0] == '.')
        {
            s = s[1..];
            (f, scale, post) = LeadingFraction(ref s);
        }
        if (!pre && !post) return (0, Invalid(orig));
        var i = 0;
        while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i])) i++;
        if (i == 0) return (0, "time: missing unit in duration " + GoQuote.Quote(orig));
        var u = s[..i];
        s = s[i..];
        if (!Units.TryGetValue(u, out var unit)) return (0, "time: unknown unit " + GoQuote.Quote(u) + " in duration " + GoQuote.Quote(orig));
        if (v.Value > (1UL << 63) / unit) return (0, Invalid(orig));
        var total = v.Value * unit;
        if (f > 0)
        {
            total += (ulong)(f * (unit / scale));
            if (total > 1UL << 63) return (0, Invalid(orig));
        }
        return (total, null);
    }

    /// <summary>Go's <c>leadingInt</c>: the leading digits and how many there were; null on overflow past 1&lt;&lt;63.</summary>
    private static (ulong Value, int Digits)? LeadingInt(ref string s)
    {
        var i = 0;
        ulong v = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (v > (1UL << 63) / 10) return null;
            v = (v * 10) + (ulong)(s[i] - '0');
            if (v > 1UL << 63) return null;
            i++;
        }
        s = s[i..];
        return (v, i);
    }

    /// <summary>Go's <c>leadingFraction</c>: digits after the point (those past int64's precision ignored), their scale, whether any.</summary>
    private static (ulong Value, double Scale, bool Any) LeadingFraction(ref string s)
    {
        var i = 0;
        ulong f = 0;
        double scale = 1;
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
        s = s[i..];
        return (f, scale, i != 0);
    }
}
