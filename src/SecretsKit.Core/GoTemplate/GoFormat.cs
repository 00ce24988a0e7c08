using System.Globalization;
using System.Text;

namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// Go's <c>fmt.Sprint</c>, <c>Sprintln</c> and <c>Sprintf</c> for template values: verbs v s d q t f e g x X c and %%,
/// flags <c>-</c>, <c>0</c>, <c>+</c>, width and precision; a bad verb, a missing or an extra argument prints Go's
/// <c>%!v(…)</c> markers rather than failing.
/// </summary>
public static class GoFormat
{
    /// <summary><c>fmt.Sprint</c>: spaces between operands when neither side is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            sb.Append(GoValues.Format(args[i]));
        }
        return sb.ToString();
    }

    /// <summary><c>fmt.Sprintln</c>: always spaces, and a final newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args) => string.Join(" ", args.Select(GoValues.Format)) + "\n";

    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            var spec = ReadSpec(format, ref i);
            if (spec.Width == BadNumber) sb.Append("%!(BADWIDTH)");
            if (spec.Precision == BadNumber) sb.Append("%!(BADPREC)");
            spec = spec with { Width = spec.Width == BadNumber ? null : spec.Width, Precision = spec.Precision == BadNumber ? null : spec.Precision };
            if (spec.Verb == '\0')
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            if (spec.Verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (next >= args.Count)
            {
                sb.Append("%!").Append(spec.Verb).Append("(MISSING)");
                continue;
            }
            sb.Append(Pad(spec, FormatOne(spec, args[next++])));
        }
        if (next < args.Count)
        {
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(next).Select(a => GoValues.TypeName(a) + "=" + GoValues.Format(a)))).Append(')');
        }
        return sb.ToString();
    }

    private sealed record Spec(char Verb, bool Minus, bool Zero, bool Plus, int? Width, int? Precision);

    private static Spec ReadSpec(string f, ref int i)
    {
        bool minus = false, zero = false, plus = false;
        for (; i < f.Length && f[i] is '-' or '0' or '+' or ' ' or '#'; i++)
        {
            if (f[i] == '-') minus = true;
            else if (f[i] == '0') zero = true;
            else if (f[i] == '+') plus = true;
        }
        var width = Number(f, ref i);
        int? precision = null;
        if (i < f.Length && f[i] == '.')
        {
            i++;
            precision = Number(f, ref i) ?? 0;
        }
        var verb = i < f.Length ? f[i++] : '\0';
        return new Spec(verb, minus, zero && !minus, plus, width, precision);
    }

    /// <summary>Go's fmt refuses widths and precisions over 10^6 (<c>%!(BADWIDTH)</c>, <c>%!(BADPREC)</c>).</summary>
    public const int MaxWidth = 1_000_000;

    private const int BadNumber = -1;

    private static int? Number(string f, ref int i)
    {
        var start = i;
        long value = 0;
        while (i < f.Length && char.IsAsciiDigit(f[i]))
        {
            value = Math.Min(value * 10 + (f[i] - '0'), MaxWidth + 1L);
            i++;
        }
        return i == start ? null : value > MaxWidth ? BadNumber : (int)value;
    }

    private static string Pad(Spec spec, string text)
    {
        if (spec.Width is not { } w || text.Length >= w) return text;
        if (spec.Minus) return text.PadRight(w);
        if (spec.Zero && spec.Verb is 'd' or 'f' or 'x' or 'X' or 'e' or 'g')
        {
            var sign = text.Length > 0 && text[0] is '-' or '+' ? text[..1] : "";
            return sign + text[sign.Length..].PadLeft(w - sign.Length, '0');
        }
        return text.PadLeft(w);
    }

    private static string FormatOne(Spec spec, object? arg)
    {
        var bad = $"%!{spec.Verb}({GoValues.TypeName(arg)}={GoValues.Format(arg)})";
        return (spec.Verb, arg) switch
        {
            ('v', _) => GoValues.Format(arg),
            ('s', string s) => spec.Precision is { } p && p < s.Length ? s[..p] : s,
            ('s', IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> or long or double or bool) => bad,
            ('s', _) => GoValues.Format(arg),
            ('q', string s) => GoValues.Quote(s),
            ('t', bool b) => b ? "true" : "false",
            ('d', long l) => (spec.Plus && l >= 0 ? "+" : "") + l.ToString(CultureInfo.InvariantCulture),
            ('x', long l) => l < 0 ? "-" + (-l).ToString("x", CultureInfo.InvariantCulture) : l.ToString("x", CultureInfo.InvariantCulture),
            ('X', long l) => l < 0 ? "-" + (-l).ToString("X", CultureInfo.InvariantCulture) : l.ToString("X", CultureInfo.InvariantCulture),
            ('x', string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
            ('X', string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)),
            ('c', long l) => char.ConvertFromUtf32((int)l),
            ('f' or 'F', double d) => (spec.Plus && d >= 0 ? "+" : "") + d.ToString("F" + (spec.Precision ?? 6), CultureInfo.InvariantCulture),
            ('e', double d) => d.ToString((spec.Precision ?? 6) == 0 ? "0e+00" : "0." + new string('0', spec.Precision ?? 6) + "e+00", CultureInfo.InvariantCulture),
            ('g', double d) => spec.Precision is null ? GoValues.Format(d) : d.ToString("G" + spec.Precision, CultureInfo.InvariantCulture),
            _ => bad,
        };
    }
}
