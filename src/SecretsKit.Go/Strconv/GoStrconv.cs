using System.Globalization;

namespace SecretsKit.Go.Strconv;

/// <summary>
/// Go's <c>strconv.ParseInt(s, 0, 64)</c>, <c>ParseUint(s, 0, 64)</c> and <c>ParseFloat(s, 64)</c>: base prefixes
/// <c>0x 0o 0b</c> and a leading <c>0</c> for octal, <c>_</c> between digits, hex floats (<c>0x1p-2</c>),
/// <c>inf</c>/<c>nan</c>. Used by the template lexer for number literals and by <see cref="GoCast"/>.
/// </summary>
public static class GoStrconv
{
    /// <summary><c>strconv.ParseUint(s, 0, 64)</c>.</summary>
    public static bool TryParseUint(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s[0] is '+' or '-') return false;
        var (radix, digits) = Prefix(s);
        if (s.Contains('_', StringComparison.Ordinal) && !UnderscoreOk(s)) return false;
        digits = digits.Replace("_", "", StringComparison.Ordinal);
        if (digits.Length == 0) return radix == 8 && s == "0" || false;
        foreach (var c in digits)
        {
            var d = HexValue(c);
            if (d < 0 || d >= radix) return false;
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix) return false;
            value = value * (ulong)radix + (ulong)d;
        }
        return true;
    }

    /// <summary><c>strconv.ParseInt(s, 0, 64)</c>.</summary>
    public static bool TryParseInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var negative = s[0] == '-';
        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (!TryParseUint(body, out var u)) return false;
        if (negative ? u > 1UL << 63 : u > long.MaxValue) return false;
        value = negative ? (long)(0 - u) : (long)u;
        return true;
    }

    /// <summary><c>strconv.ParseFloat(s, 64)</c> (an out-of-range value is an error, as Go's <c>ErrRange</c>).</summary>
    public static bool TryParseFloat(string s, out double value)
    {
        value = 0;
        if (s.Length == 0) return false;
        if (s.Contains('_', StringComparison.Ordinal) && !UnderscoreOk(s)) return false;
        var plain = s.Replace("_", "", StringComparison.Ordinal);
        var body = plain[0] is '+' or '-' ? plain[1..] : plain;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return TryParseHexFloat(plain, out value);
        if (body.Length > 0 && char.IsAsciiDigit(body[0]) is false && body[0] != '.' && !char.IsAsciiLetter(body[0])) return false;
        return GoFloat.TryParse(plain, out value);
    }

    private static bool TryParseHexFloat(string s, out double value)
    {
        value = 0;
        var negative = s[0] == '-';
        var body = s[0] is '+' or '-' ? s[3..] : s[2..];
        var p = body.IndexOfAny(['p', 'P']);
        if (p < 0) return false; // Go: a hexadecimal mantissa requires a 'p' exponent
        var mantissa = body[..p];
        if (!int.TryParse(body.AsSpan(p + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)) return false;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        if (digits.Length == 0 || (dot >= 0 && mantissa.IndexOf('.', dot + 1) >= 0)) return false;
        var fraction = dot < 0 ? 0 : mantissa.Length - dot - 1;
        var m = System.Numerics.BigInteger.Zero;
        foreach (var c in digits)
        {
            var d = HexValue(c);
            if (d < 0) return false;
            m = m * 16 + d;
        }
        value = (double)m * Math.Pow(2, exponent - 4 * fraction);
        if (double.IsInfinity(value) || (double)m * Math.Pow(2, exponent - 4 * fraction) is double.NaN) return false;
        if (negative) value = -value;
        return true;
    }

    private static (int Radix, string Digits) Prefix(string s)
    {
        if (s.Length >= 2 && s[0] == '0')
        {
            switch (char.ToLowerInvariant(s[1]))
            {
                case 'x': return (16, s[2..]);
                case 'o': return (8, s[2..]);
                case 'b': return (2, s[2..]);
                default: return (8, s[1..]);
            }
        }
        return (10, s);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Go's <c>underscoreOK</c>: underscores only between digits (or after a base prefix).</summary>
    private static bool UnderscoreOk(string s)
    {
        var saw = '^';
        var i = 0;
        if (s.Length >= 1 && s[0] is '+' or '-') i++;
        var hex = false;
        if (s.Length - i >= 2 && s[i] == '0' && char.ToLowerInvariant(s[i + 1]) is 'b' or 'o' or 'x')
        {
            hex = char.ToLowerInvariant(s[i + 1]) == 'x';
            i += 2;
            saw = '0';
        }
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c))) saw = '0';
            else if (c == '_')
            {
                if (saw != '0') return false;
                saw = '_';
            }
            else
            {
                if (saw == '_') return false;
                saw = '!';
            }
        }
        return saw != '_';
    }
}
