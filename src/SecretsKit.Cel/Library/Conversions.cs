using System.Globalization;
using System.Text;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Cel.Library;

/// <summary>The type conversions: <c>int</c>, <c>uint</c>, <c>double</c>, <c>string</c>, <c>bytes</c>, <c>bool</c>,
/// <c>timestamp</c>, <c>duration</c>. A value out of the target's range is an error, never truncated silently.</summary>
internal static class Conversions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("int", (_, a) => One(a, "int", ToInt))
            .Global("uint", (_, a) => One(a, "uint", ToUInt))
            .Global("double", (_, a) => One(a, "double", ToDouble))
            .Global("string", (_, a) => One(a, "string", ToText))
            .Global("bytes", (_, a) => One(a, "bytes", v => v switch
            {
                CelBytes b => b,
                string s => new CelBytes(Encoding.UTF8.GetBytes(s)),
                _ => CelError.NoOverload("bytes"),
            }))
            .Global("bool", (_, a) => One(a, "bool", ToBool))
            .Global("timestamp", (_, a) => One(a, "timestamp", ToTimestamp))
            .Global("duration", (_, a) => One(a, "duration", ToDuration));
    }

    private static object? One(object?[] args, string name, Func<object?, object?> convert) =>
        args.Length == 1 ? convert(args[0]) : CelError.NoOverload(name);

    private static object? ToInt(object? value) => value switch
    {
        long l => l,
        ulong u => u > long.MaxValue ? CelError.Overflow("int") : (long)u,
        double d => double.IsFinite(d) && d > -9223372036854775809.0 && d < 9223372036854775807.0
            ? (long)d : new CelError(CelErrorKind.Overflow, "double out of int range"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l : CelError.Invalid($"cannot convert '{s}' to int"),
        CelTimestamp t => t.Seconds,
        _ => CelError.NoOverload("int"),
    };

    private static object? ToUInt(object? value) => value switch
    {
        ulong u => u,
        long l => l < 0 ? CelError.Overflow("uint") : (ulong)l,
        double d => double.IsFinite(d) && d > -1 && d < 18446744073709551616.0
            ? (ulong)d : new CelError(CelErrorKind.Overflow, "double out of uint range"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            ? u : CelError.Invalid($"cannot convert '{s}' to uint"),
        _ => CelError.NoOverload("uint"),
    };

    private static object? ToDouble(object? value) => value switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => ParseDouble(s),
        _ => CelError.NoOverload("double"),
    };

    private static object ParseDouble(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan": return double.NaN;
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d : CelError.Invalid($"cannot convert '{text}' to double");
    }

    internal static object? ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat.FormatG(d, upper: false),
        bool b => b ? "true" : "false",
        CelBytes b => Utf8(b),
        CelTimestamp t => TimeText.FormatTimestamp(t),
        CelDuration d => TimeText.FormatDuration(d),
        CelType t => t.Name,
        ICelObject o => o.ToString(),
        _ => CelError.NoOverload("string"),
    };

    private static object Utf8(CelBytes bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return CelError.Invalid("invalid UTF-8 in bytes, cannot convert to string");
        }
    }

    private static object? ToBool(object? value) => value switch
    {
        bool b => b,
        string s => s switch
        {
            "true" or "TRUE" or "True" or "t" or "T" or "1" => true,
            "false" or "FALSE" or "False" or "f" or "F" or "0" => false,
            _ => CelError.Invalid($"cannot convert '{s}' to bool"),
        },
        _ => CelError.NoOverload("bool"),
    };

    private static object? ToTimestamp(object? value) => value switch
    {
        CelTimestamp t => t,
        string s => (object?)TimeText.ParseTimestamp(s) ?? CelError.Invalid($"cannot parse '{s}' as a timestamp"),
        long seconds => Arithmetic.Timestamp((Int128)seconds * 1_000_000_000),
        _ => CelError.NoOverload("timestamp"),
    };

    private static object? ToDuration(object? value) => value switch
    {
        CelDuration d => d,
        string s => TimeText.ParseDuration(s) is { } nanos ? new CelDuration(nanos) : CelError.Invalid($"cannot parse '{s}' as a duration"),
        _ => CelError.NoOverload("duration"),
    };

}
