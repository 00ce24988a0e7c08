using System.Globalization;

namespace SecretsKit.Cel.Library;

/// <summary>Formats a double the way Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> does (what cel-go's
/// <c>string(double)</c> prints): the shortest digits that round-trip, in exponent form (Go %g) when the exponent is below
/// -4 or at least 6.</summary>
internal static class GoFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsPositiveInfinity(value))
            return "+Inf";
        if (double.IsNegativeInfinity(value))
            return "-Inf";
        if (value == 0)
            return double.IsNegative(value) ? "-0" : "0";
        var (negative, digits, exponent) = Decompose(value);
        string body;
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            body = mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (exponent < 0)
            body = "0." + new string('0', -exponent - 1) + digits;
        else if (exponent + 1 >= digits.Length)
            body = digits + new string('0', exponent + 1 - digits.Length);
        else
            body = digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
        return negative ? "-" + body : body;
    }

    /// <summary>The shortest round-trip significant digits of |value| and the decimal exponent of the first.</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var ePos = shortest.IndexOfAny(['E', 'e']);
        string mantissa;
        int exponent;
        if (ePos >= 0)
        {
            mantissa = shortest[..ePos];
            exponent = int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
            exponent = 0;
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        var all = (intPart + fraction).TrimStart('0');
        var leadingZeros = (intPart + fraction).Length - all.Length;
        exponent += intPart.Length - 1 - leadingZeros;
        all = all.TrimEnd('0');
        return (value < 0, all.Length == 0 ? "0" : all, exponent);
    }
}
