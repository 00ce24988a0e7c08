using System.Globalization;
using System.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Formats a double the way Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> does: shortest round-trip digits,
/// exponent form (<c>1.234568e+09</c>) when the decimal exponent is below -4 or at least 6, plus yaml.v3's
/// <c>.inf</c>/<c>-.inf</c>/<c>.nan</c> spellings.
/// </summary>
internal static class GoFloatFormat
{
    /// <summary>yaml.v3 <c>floatv</c>: Go 'g' shortest formatting with YAML infinity/NaN names.</summary>
    public static string ForYaml(double value)
    {
        if (double.IsNaN(value)) return ".nan";
        if (double.IsPositiveInfinity(value)) return ".inf";
        if (double.IsNegativeInfinity(value)) return "-.inf";
        return FormatG(value);
    }

    /// <summary>Go <c>strconv.FormatFloat(value, 'g', -1, 64)</c> for finite values.</summary>
    public static string FormatG(double value)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var (digits, pointPos) = ShortestDigits(Math.Abs(value));
        var sb = new StringBuilder();
        if (negative) sb.Append('-');

        // Go: with shortest formatting eprec is 6; exp = dp - 1; %e when exp < -4 || exp >= eprec.
        var exp = pointPos - 1;
        if (digits == "0") exp = 0;
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            if (abs < 10) sb.Append('0');
            sb.Append(abs.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The shortest digit string that round-trips (what .NET's "R" gives) and the position of the decimal
    /// point relative to its first digit (value = 0.d1d2d3… × 10^pointPos).
    /// </summary>
    private static (string Digits, int PointPos) ShortestDigits(double abs)
    {
        if (abs == 0) return ("0", 1);
        var r = abs.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var intPart = dot >= 0 ? r[..dot] : r;
        var fracPart = dot >= 0 ? r[(dot + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var pointPos = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        pointPos -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0) return ("0", 1);
        return (all, pointPos);
    }
}
