namespace SecretsKit.Kubernetes.Events;

/// <summary>
/// Remembers the Events already written, like client-go's event correlator: an event with the same object, type,
/// reason, message and source as one written before is not created again; its count and last time are updated instead.
/// At most <see cref="Capacity"/> distinct events are remembered (least recently seen forgotten first, as client-go's
/// LRU of 4,096).
/// </summary>
internal sealed class EventCorrelator(int capacity = EventCorrelator.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Seen>> _seen = new(StringComparer.Ordinal);
    private readonly LinkedList<Seen> _order = new();

    /// <summary>An Event already written: its name and namespace, how often it happened, and when first.</summary>
    public sealed record Seen(string Key, string Name, string Namespace, int Count, DateTimeOffset First);

    public int Capacity => capacity;

    public static string KeyOf(string? uid, string? kind, string? ns, string? name, string type, string reason, string message, string component) =>
        string.Join('\0', uid, kind, ns, name, type, reason, message, component);

    /// <summary>The event written before under <paramref name="key"/>, if remembered.</summary>
    public Seen? Find(string key)
    {
        lock (_gate)
        {
            if (!_seen.TryGetValue(key, out var node)) return null;
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value;
        }
    }

    /// <summary>Remembers (or updates) an event that was just written.</summary>
    public void Remember(Seen seen)
    {
        lock (_gate)
        {
            if (_seen.Remove(seen.Key, out var old)) _order.Remove(old);
            _seen[seen.Key] = _order.AddFirst(seen);
            while (_seen.Count > capacity && _order.Last is { } last)
            {
                _order.RemoveLast();
                _seen.Remove(last.Value.Key);
            }
        }
    }

    public void Forget(string key)
    {
        lock (_gate)
        {
            if (_seen.Remove(key, out var node)) _order.Remove(node);
        }
    }
}
