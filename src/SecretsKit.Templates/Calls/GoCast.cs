using SecretsKit.Go.Strconv;
using SecretsKit.Go.Values;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// The conversions sprig makes with spf13/cast 1.5 (<c>ToInt64</c>, <c>ToInt</c>, <c>ToFloat64</c>, errors ignored, so
/// anything unconvertible is 0): numbers convert (floats truncate as Go's <c>int64(f)</c> does on amd64), a string parses
/// with <c>strconv.ParseInt(s, 0, 0)</c> after trailing <c>.0…</c> is trimmed (or <c>ParseFloat</c>), bools are 1/0,
/// nil is 0.
/// </summary>
public static class GoCast
{
    /// <summary><c>cast.ToInt64</c>.</summary>
    public static long ToInt64(object? v) => TryToInt64(v, out var n) ? n : 0;

    /// <summary><c>cast.ToInt</c> (Go int is 64-bit here, so the same as <see cref="ToInt64"/>).</summary>
    public static long ToInt(object? v) => ToInt64(v);

    /// <summary><c>cast.ToInt64E</c>: false where cast returns an error.</summary>
    public static bool TryToInt64(object? v, out long value)
    {
        value = 0;
        switch (v)
        {
            case null: return true;
            case long l: value = l; return true;
            case int i: value = i; return true;
            case GoInt64 g: value = g.Value; return true;
            case ulong u: value = unchecked((long)u); return true;
            case double d: value = GoConvert.FloatToInt64(d); return true;
            case bool b: value = b ? 1 : 0; return true;
            case string s: return GoStrconv.TryParseInt(TrimZeroDecimal(s), out value);
            default: return false;
        }
    }

    /// <summary><c>cast.ToFloat64</c>.</summary>
    public static double ToFloat64(object? v) => v switch
    {
        long l => l,
        int i => i,
        GoInt64 g => g.Value,
        ulong u => u,
        double d => d,
        bool b => b ? 1 : 0,
        string s => GoStrconv.TryParseFloat(s, out var f) ? f : 0,
        _ => 0,
    };

    /// <summary>cast's <c>trimZeroDecimal</c>: <c>"12.000"</c> → <c>"12"</c> (only zeros after the point).</summary>
    public static string TrimZeroDecimal(string s)
    {
        var foundZero = false;
        for (var i = s.Length; i > 0; i--)
        {
            switch (s[i - 1])
            {
                case '.':
                    if (foundZero) return s[..(i - 1)];
                    break;
                case '0':
                    foundZero = true;
                    break;
                default:
                    return s;
            }
        }
        return s;
    }
}
