using SecretsKit.Agent.Runtime.Queue;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// What change events said since: a sequence number per remote key of a store (bumped by each event for it) and the
/// ExternalSecrets whose refresh an event asked for. A value the <see cref="FetchCache"/> fetched
/// before a key's last event is no longer shared, and the first reconcile of a pending ExternalSecret fetches it anew;
/// every later one shares that read, so an event costs one provider read per key however many ExternalSecrets read it.
/// Held for keys somebody reads only (the caller checks), so it is bounded by what the agent reads.
/// </summary>
internal sealed class ChangedKeys
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<QueueKey> _pending = [];
    private readonly Dictionary<string, HashSet<string>> _found = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The current sequence number: a fetch started now knows every change recorded so far.</summary>
    public long Current => Interlocked.Read(ref _sequence);

    /// <summary>Records a change of <paramref name="key"/> in the store with identity <paramref name="storeIdentity"/>.</summary>
    public void Changed(string storeIdentity, string key)
    {
        lock (_gate) _keys[Id(storeIdentity, key)] = Interlocked.Increment(ref _sequence);
    }

    /// <summary>The sequence number of the key's last change (0 = none seen).</summary>
    public long LastChange(string storeIdentity, string key)
    {
        lock (_gate) return _keys.GetValueOrDefault(Id(storeIdentity, key));
    }

    /// <summary>
    /// Records that a changed key of the store may be in the result of a <c>dataFrom[].find</c> on it: find results the
    /// store's readers fetched before are no longer shared.
    /// </summary>
    public void FindChanged(string storeIdentity) => Changed(storeIdentity, FindMarker);

    /// <summary>The sequence number of the last change that touched a find of the store (0 = none seen).</summary>
    public long LastFindChange(string storeIdentity) => LastChange(storeIdentity, FindMarker);

    /// <summary>
    /// Records the remote keys the find with id <paramref name="findId"/> (<see cref="KeySlots.FindId"/>)
    /// returned at its last fetch: a find by tags alone is refreshed by events for these keys only.
    /// </summary>
    public void Found(string findId, IEnumerable<string> keys)
    {
        var set = keys.ToHashSet(StringComparer.Ordinal);
        lock (_gate) _found[findId] = set;
    }

    /// <summary>Whether the last fetch of the find <paramref name="findId"/> returned <paramref name="key"/>.</summary>
    public bool WasFound(string findId, string key)
    {
        lock (_gate) return _found.TryGetValue(findId, out var keys) && keys.Contains(key);
    }

    /// <summary>Asks for a fetch at the next reconcile of <paramref name="key"/> (an ExternalSecret).</summary>
    public void Request(QueueKey key)
    {
        lock (_gate) _pending.Add(key);
    }

    /// <summary>Whether a fetch was asked for <paramref name="key"/> since its last call (the request is taken).</summary>
    public bool TakeRequest(QueueKey key)
    {
        lock (_gate) return _pending.Remove(key);
    }

    /// <summary>Forgets the keys of a store that went away.</summary>
    public void ForgetStore(string storeIdentity)
    {
        var prefix = storeIdentity + "\n";
        lock (_gate)
        {
            foreach (var id in _keys.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) _keys.Remove(id);
            foreach (var id in _found.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) _found.Remove(id);
        }
    }

    /// <summary>Stands for every find of a store (no remote key holds a NUL).</summary>
    private const string FindMarker = "\0find";

    private static string Id(string storeIdentity, string key) => storeIdentity + "\n" + key;
}
