using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Strconv;

/// <summary>
/// Go <c>strconv.FormatFloat</c> with precision -1 (shortest round-trip digits) in the styles sops relies on:
/// <c>'f'</c> (encrypted <c>type:float</c> values, the MAC), <c>'g'</c>/<c>'G'</c>, <c>encoding/json</c>'s and yaml.v3's
/// float rules, and <c>strconv.ParseFloat(s, 64)</c>.
/// </summary>
public static class GoFloat
{
    /// <summary>Shortest decimal digits (no leading/trailing zeros) and the decimal point position: value = 0.d1d2… × 10^dp.</summary>
    public static (string Digits, int DecimalPoint) Shortest(double abs)
    {
        if (abs == 0) return ("", 0);
        var text = abs.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? text : text[..dot];
        var fracPart = dot < 0 ? "" : text[(dot + 1)..];
        var digits = intPart + fracPart;
        var dp = intPart.Length + exponent;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..];
        dp -= lead;
        digits = digits.TrimEnd('0');
        return (digits, dp);
    }

    private static string? Special(double v, bool plusInf) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? (plusInf ? "+Inf" : "Inf") : double.IsNegativeInfinity(v) ? "-Inf" : null;

    /// <summary><c>strconv.FormatFloat(v, 'f', -1, 64)</c>.</summary>
    public static string FormatF(double v)
    {
        if (Special(v, true) is { } s) return s;
        var (digits, dp) = Shortest(Math.Abs(v));
        var sb = new StringBuilder();
        if (double.IsNegative(v)) sb.Append('-');
        AppendFixed(sb, digits, dp, Math.Max(digits.Length - dp, 0));
        return sb.ToString();
    }

    /// <summary><c>strconv.FormatFloat(v, 'g' or 'G', -1, 64)</c>.</summary>
    public static string FormatG(double v, bool upper)
    {
        if (Special(v, true) is { } s) return s;
        var (digits, dp) = Shortest(Math.Abs(v));
        var sb = new StringBuilder();
        if (double.IsNegative(v)) sb.Append('-');
        // Go: with the shortest precision the %e/%f decision uses eprec = 6; zero (no digits) is fixed.
        var exp = dp - 1;
        if (digits.Length > 0 && (exp < -4 || exp >= 6))
        {
            AppendExponent(sb, digits, dp, upper ? 'E' : 'e');
        }
        else
        {
            AppendFixed(sb, digits, dp, Math.Max(digits.Length - dp, 0));
        }
        return sb.ToString();
    }

    /// <summary>Go <c>encoding/json</c> float encoding: <c>'f'</c>, or <c>'e'</c> below 1e-6 / from 1e21 with <c>e-07</c> cleaned to <c>e-7</c>.</summary>
    public static string FormatJson(double v)
    {
        var abs = Math.Abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var (digits, dp) = Shortest(abs);
            var sb = new StringBuilder();
            if (v < 0) sb.Append('-');
            AppendExponent(sb, digits, dp, 'e');
            var n = sb.Length;
            if (n >= 4 && sb[n - 4] == 'e' && sb[n - 3] == '-' && sb[n - 2] == '0')
            {
                sb.Remove(n - 2, 1);
            }
            return sb.ToString();
        }
        return FormatF(v);
    }

    /// <summary>yaml.v3 <c>floatv</c>: <c>'g'</c> shortest formatting with YAML's <c>.inf</c>/<c>-.inf</c>/<c>.nan</c>.</summary>
    public static string FormatYaml(double v) =>
        double.IsNaN(v) ? ".nan" : double.IsPositiveInfinity(v) ? ".inf" : double.IsNegativeInfinity(v) ? "-.inf" : FormatG(v, upper: false);

    /// <summary>Decimal floats with optional exponent, and inf/infinity/nan in any case; out-of-range is an error as in Go.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        var sign = 1.0;
        var body = text;
        if (body[0] is '+' or '-')
        {
            if (body[0] == '-') sign = -1.0;
            body = body[1..];
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            if (body.Length != text.Length) return false; // Go accepts no sign on NaN
            value = double.NaN;
            return true;
        }
        foreach (var c in body)
        {
            if (c is not ((>= '0' and <= '9') or '.' or 'e' or 'E' or '+' or '-')) return false;
        }
        if (body.IsEmpty || body[0] is '+' or '-') return false;
        const NumberStyles styles = NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!double.TryParse(body, styles, CultureInfo.InvariantCulture, out var parsed)) return false;
        if (double.IsInfinity(parsed)) return false; // Go: ErrRange
        value = sign * parsed;
        return true;
    }

    private static void AppendFixed(StringBuilder sb, string digits, int dp, int prec)
    {
        if (dp > 0)
        {
            var m = Math.Min(digits.Length, dp);
            sb.Append(digits, 0, m);
            sb.Append('0', dp - m);
        }
        else
        {
            sb.Append('0');
        }
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++)
            {
                var j = dp + i - 1;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
    }

    private static void AppendExponent(StringBuilder sb, string digits, int dp, char e)
    {
        sb.Append(digits.Length == 0 ? '0' : digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.');
            sb.Append(digits, 1, digits.Length - 1);
        }
        sb.Append(e);
        var exp = digits.Length == 0 ? 0 : dp - 1;
        sb.Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10) sb.Append('0');
        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
    }
}
