namespace SecretsKit.Cel.Values;

/// <summary>A CEL map value (immutable) with int, uint, bool or string keys, iterated in insertion order.</summary>
public sealed class CelMap
{
    public static readonly CelMap Empty = new([]);

    private readonly Dictionary<object, object?> _entries;
    private readonly List<object> _keys;

    /// <summary>Builds a map; a repeated key keeps the last value (literals check for repeats before).</summary>
    public CelMap(IEnumerable<KeyValuePair<object, object?>> entries)
    {
        _entries = new Dictionary<object, object?>(CelKeyComparer.Instance);
        _keys = [];
        foreach (var (key, value) in entries)
        {
            if (_entries.TryAdd(key, value))
                _keys.Add(key);
            else
                _entries[key] = value;
        }
    }

    public int Count => _keys.Count;

    public IReadOnlyList<object> Keys => _keys;

    public bool ContainsKey(object key) => _entries.ContainsKey(key);

    public bool TryGetValue(object key, out object? value) => _entries.TryGetValue(key, out value);

    public IEnumerable<KeyValuePair<object, object?>> Entries => _keys.Select(k => new KeyValuePair<object, object?>(k, _entries[k]));
}
