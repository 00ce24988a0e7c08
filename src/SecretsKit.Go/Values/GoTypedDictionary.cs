using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SecretsKit.Go.Values;

/// <summary>
/// A Go map with a concrete value type (<c>map[string]string</c> from <c>split</c>, an ExternalSecret's data). Any other
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to <c>object?</c> is a <c>map[string]interface {}</c>.
/// A missing key of a <c>map[string]string</c> reads as <c>""</c> in Go (the zero value), not <c>&lt;no value&gt;</c>.
/// <see cref="IsNil"/> marks a nil map (prints <c>map[]</c>, <c>toJson</c> gives <c>null</c>, a write to it fails).
/// </summary>
public sealed class GoTypedDictionary(string valueType, IReadOnlyDictionary<string, object?> entries, bool isNil = false) : IReadOnlyDictionary<string, object?>
{
    /// <summary>A nil <c>map[string]interface {}</c> (what sprig's <c>unset</c> returns for a nil map).</summary>
    public static GoTypedDictionary NilMap { get; } = new("interface {}", new Dictionary<string, object?>(StringComparer.Ordinal), isNil: true);

    public bool IsNil { get; } = isNil && entries.Count == 0;

    /// <summary>A <c>map[string]string</c>.</summary>
    public static GoTypedDictionary Strings(IEnumerable<KeyValuePair<string, string>> entries) =>
        new("string", entries.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal));

    public string ValueType { get; } = valueType;

    /// <summary>The Go type, e.g. <c>map[string]string</c>.</summary>
    public string TypeName => "map[string]" + ValueType;

    /// <summary>The zero value of the element type (what a missing key reads as): <c>""</c> for string, else nil.</summary>
    public object? Zero => ValueType switch { "string" => "", "int" => 0L, "bool" => false, _ => null };

    public object? this[string key] => entries[key];

    public IEnumerable<string> Keys => entries.Keys;

    public IEnumerable<object?> Values => entries.Values;

    public int Count => entries.Count;

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => entries.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
