using System.Globalization;
using System.Text;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Go.Fmt;

/// <summary>Go's <c>strconv.FormatFloat(v, fmt, prec, 64)</c> for every format <c>fmt</c> prints floats with (e E f F g G b x X).</summary>
public static class GoFloatText
{
    public static string Format(double v, char verb, int prec)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsInfinity(v)) return v > 0 ? "+Inf" : "-Inf";
        var sign = double.IsNegative(v) ? "-" : "";
        var abs = Math.Abs(v);
        return verb switch
        {
            'f' or 'F' => sign + (prec < 0 ? GoFloat.FormatF(abs) : abs.ToString("F" + prec, CultureInfo.InvariantCulture)),
            'e' or 'E' => sign + Exponent(abs, prec, verb),
            'g' or 'G' => sign + General(abs, prec, verb),
            'b' => sign + Binary(abs),
            'x' or 'X' => sign + Hex(abs, prec, verb == 'X'),
            _ => sign + GoFloat.FormatG(abs, upper: false),
        };
    }

    /// <summary>Decimal digits of <paramref name="abs"/> rounded to <paramref name="n"/> significant digits (trailing zeros kept), and the point position.</summary>
    private static (string Digits, int DecimalPoint) Significant(double abs, int n)
    {
        if (abs == 0) return (new string('0', n), 1);
        var text = abs.ToString("E" + (n - 1), CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (text[..e].Replace(".", "", StringComparison.Ordinal), exponent + 1);
    }

    private static string Exponent(double abs, int prec, char verb)
    {
        string digits;
        int dp;
        if (prec < 0)
        {
            (digits, dp) = GoFloat.Shortest(abs);
            if (digits.Length == 0) (digits, dp) = ("0", 1);
            prec = digits.Length - 1;
        }
        else (digits, dp) = Significant(abs, prec + 1);
        return FormatE(digits, abs == 0 ? 1 : dp, prec, verb);
    }

    private static string FormatE(string digits, int dp, int prec, char verb)
    {
        var sb = new StringBuilder();
        sb.Append(digits.Length > 0 ? digits[0] : '0');
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        var exp = digits.Length == 0 || digits.All(c => c == '0') ? 0 : dp - 1;
        sb.Append(verb is 'E' or 'G' ? 'E' : 'e').Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        sb.Append(exp < 10 ? "0" : "").Append(exp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string General(double abs, int prec, char verb)
    {
        if (prec < 0) return GoFloat.FormatG(abs, upper: verb == 'G');
        if (prec == 0) prec = 1;
        var (digits, dp) = Significant(abs, prec);
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) dp = 0;
        var nd = digits.Length;
        var eprec = prec;
        if (eprec > nd && nd >= dp) eprec = nd;
        var exp = dp - 1;
        if (exp < -4 || exp >= eprec)
        {
            var p = prec > nd ? nd : prec;
            return FormatE(digits, dp, Math.Max(p - 1, 0), verb);
        }
        var fprec = prec > dp ? nd : prec;
        return FormatF(digits, dp, Math.Max(fprec - dp, 0));
    }

    private static string FormatF(string digits, int dp, int prec)
    {
        var sb = new StringBuilder();
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        else sb.Append('0');
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 0; i < prec; i++)
            {
                var j = dp + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
        return sb.ToString();
    }

    private static string Binary(double abs)
    {
        var bits = BitConverter.DoubleToInt64Bits(abs);
        var exp = (int)((bits >> 52) & 0x7FF);
        var mant = bits & ((1L << 52) - 1);
        if (exp == 0) exp++;
        else mant |= 1L << 52;
        exp -= 1023 + 52;
        return mant.ToString(CultureInfo.InvariantCulture) + "p" + (exp >= 0 ? "+" : "") + exp.ToString(CultureInfo.InvariantCulture);
    }

    private static string Hex(double abs, int prec, bool upper)
    {
        var bits = BitConverter.DoubleToInt64Bits(abs);
        var exp = (int)((bits >> 52) & 0x7FF);
        var mant = (ulong)(bits & ((1L << 52) - 1));
        if (abs == 0)
        {
            exp = 0;
        }
        else if (exp == 0)
        {
            // subnormal: normalise so the leading bit is bit 52
            exp = -1022;
            while ((mant & (1UL << 52)) == 0) { mant <<= 1; exp--; }
            mant &= (1UL << 52) - 1;
        }
        else exp -= 1023;
        // mant holds 52 fraction bits = 13 hex digits after the point
        var lead = abs == 0 ? 0UL : 1UL;
        if (prec >= 0 && prec < 13)
        {
            var shift = 4 * (13 - prec);
            var full = (lead << 52) | mant;
            var half = 1UL << (shift - 1);
            var rem = full & ((1UL << shift) - 1);
            full >>= shift;
            if (rem > half || (rem == half && (full & 1) == 1)) full++;
            if (full >> (4 * prec) >= 2)
            {
                full >>= 1;
                exp++;
            }
            lead = full >> (4 * prec);
            mant = (full & ((1UL << (4 * prec)) - 1)) << shift;
        }
        var frac = mant.ToString(upper ? "X13" : "x13", CultureInfo.InvariantCulture);
        frac = prec < 0 ? frac.TrimEnd('0') : prec <= 13 ? frac[..prec] : frac + new string('0', prec - 13);
        var sb = new StringBuilder(upper ? "0X" : "0x").Append(lead);
        if (frac.Length > 0) sb.Append('.').Append(frac);
        sb.Append(upper ? 'P' : 'p').Append(exp < 0 ? '-' : '+');
        var e = Math.Abs(exp);
        return sb.Append(e < 10 ? "0" : "").Append(e.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>The <c>#</c> flag: keep a decimal point, and for <c>%g</c> the trailing zeros up to the precision.</summary>
    public static string Sharp(string num, char verb, int prec)
    {
        var digits = verb is 'v' or 'g' or 'G' or 'x' ? (prec == -1 ? 6 : prec) : 0;
        var tail = "";
        var hasPoint = false;
        var sawNonzero = false;
        var body = new StringBuilder().Append(num[0]);
        for (var i = 1; i < num.Length; i++)
        {
            var c = num[i];
            if (c == '.')
            {
                hasPoint = true;
                body.Append(c);
                continue;
            }
            if (c is 'p' or 'P' || (c is 'e' or 'E' && verb is not ('x' or 'X')))
            {
                tail = num[i..];
                break;
            }
            if (c != '0') sawNonzero = true;
            if (sawNonzero) digits--;
            body.Append(c);
        }
        if (!hasPoint)
        {
            if (body.Length == 2 && body[1] == '0') digits--;
            body.Append('.');
        }
        if (digits > 0) body.Append('0', digits);
        return body.Append(tail).ToString();
    }
}
