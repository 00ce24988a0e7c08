using System.Globalization;
using System.Text;
using SecretsKit.Core.GoText;

namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// Go template semantics over the neutral value model: null, bool, long, double, string,
/// <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (maps), <c>IReadOnlyList&lt;object?&gt;</c> (slices) and <see cref="GoStruct"/>.
/// </summary>
public static class GoValues
{
    /// <summary>Go's <c>template.IsTrue</c>: the zero value of its type is false.</summary>
    public static bool IsTrue(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s => s.Length > 0,
        IReadOnlyDictionary<string, object?> m => m.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        _ => true,
    };

    /// <summary>The Go type name used in error messages.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        bool => "bool",
        long or int => "int",
        double => "float64",
        string => "string",
        IReadOnlyDictionary<string, object?> => "map[string]interface {}",
        IReadOnlyList<object?> => "[]interface {}",
        GoStruct s => s.TypeName,
        _ => v.GetType().Name,
    };

    /// <summary>Go's <c>fmt</c> <c>%v</c> (maps print sorted, <c>map[k:v]</c>; slices <c>[a b]</c>; nil <c>&lt;nil&gt;</c>).</summary>
    public static string Format(object? v) => v switch
    {
        null => "<nil>",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat.FormatG(d, upper: false),
        string s => s,
        IReadOnlyDictionary<string, object?> m => "map[" + string.Join(" ", Sorted(m).Select(kv => kv.Key + ":" + Format(kv.Value))) + "]",
        IReadOnlyList<object?> l => "[" + string.Join(" ", l.Select(Format)) + "]",
        GoStruct s => "{" + string.Join(" ", s.Fields.Values.Select(Format)) + "}",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>What an action prints: <see cref="Format"/>, except that a nil prints <c>&lt;no value&gt;</c> as in Go.</summary>
    public static string Print(object? v) => v is null ? "<no value>" : Format(v);

    /// <summary>sprig's <c>toString</c>: a string as it is, anything else as <c>%v</c>.</summary>
    public static string ToStr(object? v) => v as string ?? Format(v);

    /// <summary>Map entries in Go's iteration order for templates (sorted keys).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Sorted(IReadOnlyDictionary<string, object?> m) =>
        m.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    /// <summary>sprig's <c>empty</c>: nil, false, 0, "", and empty collections.</summary>
    public static bool IsEmpty(object? v) => !IsTrue(v);

    /// <summary>Go's <c>%q</c> (strconv.Quote) for a string.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            var c = rune.Value;
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\v' => "\\v",
                < 0x20 or 0x7f => $"\\x{c:x2}",
                _ => rune.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Go template <c>eq</c>/<c>lt</c> over basic kinds; mixing kinds is an error, as in Go.</summary>
    public static int Compare(object? a, object? b, bool ordered)
    {
        switch (Normalize(a), Normalize(b))
        {
            case (long x, long y): return x.CompareTo(y);
            case (double x, double y): return x.CompareTo(y);
            case (string x, string y): return string.CompareOrdinal(x, y);
            case (bool x, bool y) when !ordered: return x == y ? 0 : 1;
            case (null, null) when !ordered: return 0;
            case (null, _) or (_, null) when !ordered: return 1;
            case (bool or IReadOnlyDictionary<string, object?> or IReadOnlyList<object?>, _) when ordered:
                throw new TemplateFunctionException($"invalid type for comparison");
            default:
                throw new TemplateFunctionException("incompatible types for comparison");
        }
    }

    private static object? Normalize(object? v) => v is int i ? (long)i : v;
}
