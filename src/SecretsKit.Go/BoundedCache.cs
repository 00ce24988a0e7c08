using System.Collections.Concurrent;

namespace SecretsKit.Go;

/// <summary>
/// The one cache of compiled things (regular expressions, CEL programs) kept by their text for the next caller, thread-safe
/// and bounded: it fills up to <c>capacity</c> entries and then keeps what it has, so text an attacker writes can make the
/// process compile again but never hold more. It sits in the Go project, not because Go has one, but because every engine
/// that compiles (Go's regexp, CEL, Deploy's checks) references this project.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Entries kept so far.</summary>
    public int Count => _entries.Count;

    /// <summary>The value kept for <paramref name="key"/>, else <paramref name="create"/>'s, kept while there is room; two
    /// callers racing on one key may both create, and the first kept wins the cache.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (_entries.TryGetValue(key, out var value)) return value;
        value = create(key);
        if (_entries.Count < Capacity) _entries.TryAdd(key, value);
        return value;
    }
}
