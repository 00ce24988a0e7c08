using System.Globalization;
using System.Text;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c> (shortest round-trip digits, never an exponent) and
/// <c>strconv.ParseFloat(s, 64)</c>, as sops uses them for <c>type:float</c> values and the MAC.
/// </summary>
internal static class GoFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";

        // "R" gives the shortest round-trip digits, possibly as d.dddE±xx; re-lay them out without an exponent.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos < 0 ? shortest : shortest[..ePos];
        var exponent = ePos < 0 ? 0 : int.Parse(shortest.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var pointPos = (dot < 0 ? mantissa.Length : dot) + exponent;

        // Drop leading zeros of the digit string ("0.5" → digits "05", point 1) so the layout below stays simple.
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            pointPos--;
        }
        digits = digits[lead..];

        var sb = new StringBuilder(digits.Length + Math.Abs(pointPos) + 3);
        if (double.IsNegative(value)) sb.Append('-');
        if (digits == "0")
        {
            sb.Append('0');
        }
        else if (pointPos <= 0)
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
}
