using System.Globalization;
using System.Text;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Cel.Library;

/// <summary><c>"…".format([args])</c> of cel-go's strings extension: <c>%s</c> (any value; lists and maps as
/// <c>[a, b]</c> and <c>{k: v}</c> with sorted keys), <c>%d</c>, <c>%f</c>/<c>%e</c> with an optional precision,
/// <c>%b</c>, <c>%o</c>, <c>%x</c>/<c>%X</c> (integers, or strings and bytes as hex), <c>%%</c>.</summary>
internal static class StringFormatter
{
    public static object Format(EvalContext context, object?[] args)
    {
        if (args is not [string format, CelList values])
            return CelError.NoOverload("format");
        context.ChargeSize(format.Length);
        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                builder.Append(format[i]);
                continue;
            }
            if (++i >= format.Length)
                return CelError.Invalid("format: a trailing % with no verb");
            int? precision = null;
            if (format[i] == '.')
            {
                var start = ++i;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                    i++;
                precision = int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
                if (i >= format.Length)
                    return CelError.Invalid("format: a precision with no verb");
            }
            if (format[i] == '%')
            {
                builder.Append('%');
                continue;
            }
            if (next >= values.Count)
                return CelError.Invalid($"index {next} out of range");
            var piece = Verb(format[i], precision, values[next++]);
            if (piece is CelError error)
                return error;
            builder.Append((string)piece);
            context.ChargeSize(builder.Length);
        }
        return builder.ToString();
    }

    private static object Verb(char verb, int? precision, object? value) => verb switch
    {
        's' => Text(value),
        'd' => value switch
        {
            long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            double d when !double.IsFinite(d) => NonFinite(d),
            _ => CelError.Invalid($"error during formatting: integer clause can only be used on integers, was given {CelValues.TypeOf(value)}"),
        },
        'f' or 'e' => Fixed(verb, precision ?? 6, value),
        'b' => value switch
        {
            long l => l < 0 ? "-" + Convert.ToString(-l, 2) : Convert.ToString(l, 2),
            ulong u => u.ToString("B", CultureInfo.InvariantCulture),
            bool b => b ? "1" : "0",
            _ => CelError.Invalid($"error during formatting: only integers and bools can be formatted as binary, was given {CelValues.TypeOf(value)}"),
        },
        'o' => value switch
        {
            long l => l < 0 ? "-" + Convert.ToString(-l, 8) : Convert.ToString(l, 8),
            ulong u => Octal(u),
            _ => CelError.Invalid($"error during formatting: octal clause can only be used on integers, was given {CelValues.TypeOf(value)}"),
        },
        'x' or 'X' => Hex(value, verb == 'X'),
        _ => CelError.Invalid($"could not parse formatting clause: unrecognized formatting clause \"{verb}\""),
    };

    private static string Octal(ulong value)
    {
        var builder = new StringBuilder();
        do
        {
            builder.Insert(0, (char)('0' + (int)(value % 8)));
            value /= 8;
        }
        while (value > 0);
        return builder.ToString();
    }

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static object Fixed(char verb, int precision, object? value)
    {
        double d;
        switch (value)
        {
            case double x: d = x; break;
            case long l: d = l; break;
            case ulong u: d = u; break;
            default: return CelError.Invalid($"error during formatting: fixed-point clause can only be used on doubles, was given {CelValues.TypeOf(value)}");
        }
        if (!double.IsFinite(d))
            return NonFinite(d);
        if (verb == 'f')
            return d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var text = d.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture);
        return text;
    }

    private static object Hex(object? value, bool upper)
    {
        string text;
        switch (value)
        {
            case long l: text = l < 0 ? "-" + (-l).ToString("x", CultureInfo.InvariantCulture) : l.ToString("x", CultureInfo.InvariantCulture); break;
            case ulong u: text = u.ToString("x", CultureInfo.InvariantCulture); break;
            case string s: text = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)); break;
            case CelBytes b: text = Convert.ToHexStringLower(b.Span); break;
            default: return CelError.Invalid($"error during formatting: only integers, byte buffers, and strings can be formatted as hex, was given {CelValues.TypeOf(value)}");
        }
        return upper ? text.ToUpperInvariant() : text;
    }

    /// <summary>The <c>%s</c> text of a value.</summary>
    internal static object Text(object? value)
    {
        switch (value)
        {
            case null: return "null";
            case double d: return double.IsFinite(d) ? GoFloat.FormatG(d, upper: false) : NonFinite(d);
            case CelBytes b: return Encoding.UTF8.GetString(b.Span);
            case CelList list:
                var items = new List<string>();
                foreach (var item in list.Items)
                {
                    if (Text(item) is not string s)
                        return Text(item);
                    items.Add(s);
                }
                return "[" + string.Join(", ", items) + "]";
            case CelMap map:
                var entries = new List<string>();
                foreach (var (key, v) in map.Entries)
                {
                    if (Text(v) is not string s)
                        return Text(v);
                    entries.Add((string)Text(key) + ": " + s);
                }
                entries.Sort(StringComparer.Ordinal);
                return "{" + string.Join(", ", entries) + "}";
            default:
                return Conversions.ToText(value) ?? "";
        }
    }
}
