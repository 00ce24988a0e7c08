using System.Globalization;
using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// An assertion's parameter map, read as helm-unittest's decoder reads it into a validator: keys match field names
/// case-insensitively, a missing field is its zero value, a value of the wrong type is an error naming the field.
/// </summary>
internal sealed class AssertParams(string type, object? raw)
{
    private readonly IReadOnlyDictionary<string, object?> _map = raw as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();

    public bool Has(string name) => Find(name, out _);

    public object? Any(string name) => Find(name, out var v) ? v : null;

    public string String(string name) => Any(name) switch
    {
        null => "",
        string s => s,
        var v => throw Wrong(name, "string", v),
    };

    public bool Bool(string name) => Any(name) switch
    {
        null => false,
        bool b => b,
        var v => throw Wrong(name, "bool", v),
    };

    /// <summary>A Go <c>int</c> (64 bits).</summary>
    public long? Int(string name) => Any(name) switch
    {
        null => null,
        long l => l,
        var v => throw Wrong(name, "int", v),
    };

    public IReadOnlyList<string> Strings(string name) => Any(name) switch
    {
        null => [],
        IReadOnlyList<object?> l => l.Select(x => x as string ?? throw Wrong(name, "string", x)).ToList(),
        var v => throw Wrong(name, "[]string", v),
    };

    public AssertParams Nested(string name) => new(type, Any(name));

    private bool Find(string name, out object? value)
    {
        foreach (var (key, v) in _map)
        {
            if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
            value = v;
            return true;
        }
        value = null;
        return false;
    }

    private SuiteException Wrong(string name, string expected, object? got) =>
        new($"1 error(s) decoding:\n\n* '{Capitalize(name)}' expected type '{expected}', got unconvertible type '{Values.ManifestValues.GoTypeName(got)}', value: '{Values.ManifestValues.Format(got)}' (in {type})");

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], CultureInfo.InvariantCulture) + s[1..];
}
