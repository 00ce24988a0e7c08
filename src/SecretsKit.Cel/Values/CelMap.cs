namespace SecretsKit.Cel.Values;

/// <summary>A CEL map value (immutable) with int, uint, bool or string keys, iterated in insertion order. A small map
/// (most objects a rule sees) is two arrays searched in order; a larger one is indexed by a dictionary as well.</summary>
public sealed class CelMap
{
    /// <summary>Past this many keys, lookups go through a dictionary instead of comparing key by key.</summary>
    private const int LinearMax = 8;

    public static readonly CelMap Empty = new([]);

    private readonly object[] _keys;
    private readonly object?[] _values;
    private readonly Dictionary<object, int>? _index;

    /// <summary>Builds a map; a repeated key keeps the last value (literals check for repeats before).</summary>
    public CelMap(IEnumerable<KeyValuePair<object, object?>> entries)
    {
        var capacity = entries.TryGetNonEnumeratedCount(out var known) ? known : 4;
        var keys = new object[capacity];
        var values = new object?[capacity];
        var count = 0;
        Dictionary<object, int>? index = null;
        if (entries is List<KeyValuePair<object, object?>> list)
        {
            foreach (var (key, value) in list) Add(key, value, ref keys, ref values, ref count, ref index);
        }
        else
        {
            foreach (var (key, value) in entries) Add(key, value, ref keys, ref values, ref count, ref index);
        }
        if (count < keys.Length)
        {
            Array.Resize(ref keys, count);
            Array.Resize(ref values, count);
        }
        _keys = keys;
        _values = values;
        _index = index;
    }

    private CelMap(object[] keys, object?[] values, Dictionary<object, int>? index)
    {
        _keys = keys;
        _values = values;
        _index = index;
    }

    /// <summary>A map of the first <paramref name="count"/> keys and values, which it keeps (the caller hands them over);
    /// the keys must be distinct (a decoded object's field names): none is compared with another.</summary>
    public static CelMap OfDistinct(object[] keys, object?[] values, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Math.Min(keys.Length, values.Length));
        if (count < keys.Length || count < values.Length)
        {
            Array.Resize(ref keys, count);
            Array.Resize(ref values, count);
        }
        Dictionary<object, int>? index = null;
        if (count > LinearMax)
        {
            index = new Dictionary<object, int>(count, CelKeyComparer.Instance);
            for (var i = 0; i < count; i++) index.TryAdd(keys[i], i);
        }
        return new CelMap(keys, values, index);
    }

    private static void Add(object key, object? value, ref object[] keys, ref object?[] values, ref int count, ref Dictionary<object, int>? index)
    {
        var at = Find(key, keys, count, index);
        if (at >= 0)
        {
            values[at] = value;
            return;
        }
        if (count == keys.Length)
        {
            Array.Resize(ref keys, Math.Max(4, count * 2));
            Array.Resize(ref values, keys.Length);
        }
        keys[count] = key;
        values[count] = value;
        if (index is not null) index.Add(key, count);
        else if (count == LinearMax)
        {
            index = new Dictionary<object, int>(CelKeyComparer.Instance);
            for (var i = 0; i <= count; i++) index.Add(keys[i], i);
        }
        count++;
    }

    private static int Find(object key, object[] keys, int count, Dictionary<object, int>? index)
    {
        if (index is not null) return index.TryGetValue(key, out var at) ? at : -1;
        for (var i = 0; i < count; i++)
        {
            if (CelKeyComparer.Instance.Equals(keys[i], key)) return i;
        }
        return -1;
    }

    public int Count => _keys.Length;

    public IReadOnlyList<object> Keys => _keys;

    public bool ContainsKey(object key) => Find(key, _keys, _keys.Length, _index) >= 0;

    public bool TryGetValue(object key, out object? value)
    {
        var at = Find(key, _keys, _keys.Length, _index);
        value = at >= 0 ? _values[at] : null;
        return at >= 0;
    }

    public IEnumerable<KeyValuePair<object, object?>> Entries => _keys.Select((k, i) => new KeyValuePair<object, object?>(k, _values[i]));
}
