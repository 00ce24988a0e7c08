using System.Globalization;
using System.Text;

namespace SecretsKit.Testing.Helm;

/// <summary>
/// A Go struct as templates see it (<c>.Release</c>, <c>.Chart</c>, <c>.Capabilities</c>): a missing field is an
/// error, unlike a map key.
/// </summary>
public sealed class ChartRendererStruct(string typeName, IReadOnlyDictionary<string, object?> fields)
{
    public string TypeName { get; } = typeName;

    public IReadOnlyDictionary<string, object?> Fields { get; } = fields;
}

/// <summary>
/// Value semantics of Go templates over the neutral value model: null, bool, long (template literals, <c>int</c>),
/// double (every number read from YAML, as Helm's JSON round trip makes them float64), string,
/// <c>IDictionary&lt;string, object?&gt;</c>, <c>IList&lt;object?&gt;</c> and <see cref="ChartRendererStruct"/>.
/// </summary>
internal static class ChartRendererValues
{
    public static bool IsTrue(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        IDictionary<string, object?> m => m.Count > 0,
        IList<object?> l => l.Count > 0,
        _ => true,
    };

    public static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        bool => "bool",
        long => "int",
        double => "float64",
        string => "string",
        IDictionary<string, object?> => "map[string]interface {}",
        IList<object?> => "[]interface {}",
        ChartRendererStruct s => s.TypeName,
        _ => v.GetType().Name,
    };

    /// <summary>Go's <c>%v</c>. A nil prints as Helm prints it after replacing <c>&lt;no value&gt;</c>: nothing.</summary>
    public static string Print(object? v) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s => s,
        IDictionary<string, object?> m => "map[" + string.Join(" ", m.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + PrintNested(kv.Value))) + "]",
        IList<object?> l => "[" + string.Join(" ", l.Select(PrintNested)) + "]",
        ChartRendererStruct s => "{" + string.Join(" ", s.Fields.Values.Select(PrintNested)) + "}",
        _ => v.ToString() ?? "",
    };

    private static string PrintNested(object? v) => v is null ? "<nil>" : Print(v);

    /// <summary>Go's <c>%v</c> for float64 (strconv 'g', shortest): exponent form below 1e-4 and from 1e6 up, so 1000000 prints 1e+06 as in Helm.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "+Inf" : "-Inf";
        if (d == 0) return "0";
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var exp = (int)Math.Floor(Math.Log10(Math.Abs(d)));
        if (exp < -4 || exp >= 6)
        {
            return d.ToString("0.################e+00", CultureInfo.InvariantCulture);
        }
        return r;
    }

    /// <summary>sprig's <c>toString</c>/<c>strval</c>: strings as they are, anything else as <c>%v</c>.</summary>
    public static string StrVal(object? v) => v is string s ? s : v is null ? "<nil>" : Print(v);

    /// <summary>Go's <c>%q</c> (strconv.Quote) for the characters that occur in manifests.</summary>
    public static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when c < 0x20 || c == 0x7f => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>cast.ToInt as sprig's <c>int</c> uses it.</summary>
    public static long ToInt(object? v) => v switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        long l => l,
        double d => (long)d,
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : 0,
        _ => 0,
    };

    /// <summary>Go template <c>eq</c>/<c>lt</c> comparison of basic values; incompatible kinds are an error, as in Go.</summary>
    public static int Compare(object? a, object? b, bool orderOnly)
    {
        switch (a, b)
        {
            case (long x, long y): return x.CompareTo(y);
            case (double x, double y): return x.CompareTo(y);
            case (string x, string y): return string.CompareOrdinal(x, y);
            case (bool x, bool y) when !orderOnly: return x == y ? 0 : 1;
            case (null, null) when !orderOnly: return 0;
            default:
                throw new ChartRendererException($"incompatible types for comparison: {TypeName(a)} and {TypeName(b)}");
        }
    }
}
