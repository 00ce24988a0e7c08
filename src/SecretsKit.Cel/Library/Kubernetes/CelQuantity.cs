using System.Globalization;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>A Kubernetes resource quantity (<c>kubernetes.Quantity</c>): its exact value; equal when the values are
/// equal (<c>1k == 1000</c>).</summary>
internal sealed class CelQuantity(decimal value) : ICelObject, IEquatable<CelQuantity>
{
    public static readonly CelType Type = new("kubernetes.Quantity");

    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["n"] = 1e-9m, ["u"] = 1e-6m, ["m"] = 1e-3m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m,
        ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m, ["Ki"] = 1024m, ["Mi"] = 1048576m, ["Gi"] = 1073741824m,
        ["Ti"] = 1099511627776m, ["Pi"] = 1125899906842624m, ["Ei"] = 1152921504606846976m,
    };

    public decimal Value { get; } = value;

    public CelType CelType => Type;

    /// <summary>Parses Kubernetes' quantity syntax: a signed decimal number, then a binary-SI suffix (Ki … Ei), a
    /// decimal-SI suffix (n u m k M G T P E) or a decimal exponent (e3, E-2); null when malformed or too large.</summary>
    public static CelQuantity? Parse(string text)
    {
        var pos = 0;
        if (pos < text.Length && text[pos] is '+' or '-')
            pos++;
        var digitsStart = pos;
        var dots = 0;
        while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.'))
            dots += text[pos++] == '.' ? 1 : 0;
        var number = text[..pos];
        if (pos == digitsStart || dots > 1 || number.EndsWith('.') && pos - digitsStart == 1)
            return null;
        if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa))
            return null;
        var suffix = text[pos..];
        try
        {
            if (Suffixes.TryGetValue(suffix, out var multiplier))
                return new CelQuantity(mantissa * multiplier);
            if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
                && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
                && suffix[1] is '-' or '+' or (>= '0' and <= '9') && exponent is >= -28 and <= 28)
                return new CelQuantity(mantissa * Pow10(exponent));
        }
        catch (OverflowException)
        {
            return null;
        }
        return null;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
            result = exponent > 0 ? result * 10 : result / 10;
        return result;
    }

    public bool IsInteger => Value == decimal.Truncate(Value) && Value >= long.MinValue && Value <= long.MaxValue;

    public bool Equals(CelQuantity? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as CelQuantity);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
