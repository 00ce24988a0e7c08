using System.Collections;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace SecretsKit.Agent.Model;

/// <summary>
/// An immutable string-keyed map over one array, for the few entries a Secret's labels, annotations or data usually
/// have; it is kept per ExternalSecret for drift repair, where a <see cref="Dictionary{TKey,TValue}"/> costs about three
/// times the memory. <see cref="Of"/> uses it up to <see cref="MaxEntries"/> entries and keeps larger maps as they are.
/// Enumeration keeps the source's order; lookups are linear.
/// </summary>
internal sealed class CompactMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    public const int MaxEntries = 8;

    private readonly KeyValuePair<string, TValue>[] _entries;

    private CompactMap(KeyValuePair<string, TValue>[] entries) => _entries = entries;

    /// <summary>
    /// The shared empty map, a compact copy of a small one, or <paramref name="map"/> itself. With <paramref name="names"/>,
    /// a compact copy holds the pool's copies of its keys.
    /// </summary>
    public static IReadOnlyDictionary<string, TValue> Of(IReadOnlyDictionary<string, TValue> map, NamePool? names = null) => map.Count switch
    {
        0 => ReadOnlyDictionary<string, TValue>.Empty,
        <= MaxEntries when map is not CompactMap<TValue> => new CompactMap<TValue>([.. map.Select(kv => names is null ? kv : KeyValuePair.Create(names.Get(kv.Key), kv.Value))]),
        _ => map,
    };

    public int Count => _entries.Length;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<TValue> Values => _entries.Select(e => e.Value);

    public TValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
