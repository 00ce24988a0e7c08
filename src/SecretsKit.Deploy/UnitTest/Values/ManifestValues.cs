using System.Globalization;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.UnitTest.Values;

/// <summary>
/// Go's view of a decoded YAML value (maps of string keys, lists, <c>long</c>, <c>double</c>, <c>bool</c>, <c>string</c>,
/// null) as helm-unittest compares and prints it: <c>reflect.DeepEqual</c>, go-yaml v3's encoder at indent 2 (leading
/// newlines of strings removed first), <c>%v</c>, the Go type name, and emptiness.
/// </summary>
internal static class ManifestValues
{
    /// <summary>The key a non-YAML template's text (or a render error's message) is kept under, as helm-unittest keeps it.</summary>
    public const string RawKey = "raw";

    /// <summary><c>reflect.DeepEqual</c> over decoded YAML: an int never equals a float, map key order does not count.</summary>
    public static bool DeepEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (IReadOnlyDictionary<string, object?> x, IReadOnlyDictionary<string, object?> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var other) && DeepEqual(kv.Value, other)),
        (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => x.Count == y.Count && x.Zip(y).All(p => DeepEqual(p.First, p.Second)),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (long x, long y) => x == y,
        (double x, double y) => x.Equals(y),
        (bool x, bool y) => x == y,
        _ => false,
    };

    /// <summary>helm-unittest's <c>TrustedMarshalYAML</c>: go-yaml v3, indent 2, strings without leading newlines.</summary>
    public static string Yaml(object? value)
    {
        var trimmed = TrimLeadingNewLines(value);
        if (trimmed is IReadOnlyDictionary<string, object?> { Count: > 0 } or IReadOnlyList<object?> { Count: > 0 }) return TemplateYaml.Write(trimmed, GoYamlDialect.V3);
        // a scalar on its own: written as the value of a one-key map, the key taken off (go-yaml indents a block scalar by 2 either way)
        var line = TemplateYaml.Write(new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = trimmed }, GoYamlDialect.V3);
        return line[3..];
    }

    /// <summary>Go's <c>fmt.Sprintf("%v", v)</c>.</summary>
    public static string Format(object? value) => value is string s ? s : GoValues.Format(value);

    /// <summary>Go's <c>reflect.TypeOf(v).String()</c> for a decoded YAML value ("" for null).</summary>
    public static string GoTypeName(object? value) => value switch
    {
        null => "",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        IReadOnlyDictionary<string, object?> => "map[string]interface {}",
        IReadOnlyList<object?> => "[]interface {}",
        _ => value.GetType().Name,
    };

    /// <summary>The zero value of its type, or an empty map or list (helm-unittest's <c>isNullOrEmpty</c>).</summary>
    public static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        long l => l == 0,
        double d => d == 0,
        bool b => !b,
        IReadOnlyDictionary<string, object?> m => m.Count == 0,
        IReadOnlyList<object?> l => l.Count == 0,
        _ => false,
    };

    /// <summary>Helm's <c>chartutil.MergeTables(dst, src)</c>: every key of <paramref name="src"/> missing in <paramref name="dst"/> is added, maps merge deeply; <paramref name="dst"/> wins.</summary>
    public static Dictionary<string, object?> MergeTables(Dictionary<string, object?> dst, IReadOnlyDictionary<string, object?> src)
    {
        foreach (var (key, value) in src)
        {
            if (!dst.TryGetValue(key, out var existing)) dst[key] = value;
            else if (existing is Dictionary<string, object?> d && value is IReadOnlyDictionary<string, object?> s) MergeTables(d, s);
        }
        return dst;
    }

    /// <summary>A copy no later merge can change the original through (maps and lists copied all the way down).</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value), StringComparer.Ordinal),
        IReadOnlyList<object?> l => l.Select(DeepCopy).ToList(),
        _ => value,
    };

    /// <summary>An integer as Go's <c>strconv.Itoa</c> prints it.</summary>
    public static string Itoa(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static object? TrimLeadingNewLines(object? value) => value switch
    {
        string s => s.TrimStart('\n'),
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => TrimLeadingNewLines(kv.Value), StringComparer.Ordinal),
        IReadOnlyList<object?> l => l.Select(TrimLeadingNewLines).ToList(),
        _ => value,
    };
}
