using SecretsKit.Agent.Reconcile.Queue;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// Which ExternalSecrets read which remote key of which store (<c>data[].remoteRef.key</c> and
/// <c>dataFrom[].extract.key</c>; a <c>find</c> names no key and is refreshed by its timer), with the shard each belongs
/// to, kept from the ExternalSecret watch. A change event looks its keys up here: a key nobody reads costs nothing.
/// </summary>
internal sealed class KeyReaders
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<QueueKey, int>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<QueueKey, string[]> _byReader = [];

    /// <summary>One reader of a key: the ExternalSecret's queue key and its shard (0 when not sharded).</summary>
    public readonly record struct Reader(QueueKey Key, int Shard);

    /// <summary>Records what <paramref name="es"/> (queued as <paramref name="key"/>, in <paramref name="shard"/>) reads now.</summary>
    public void Update(QueueKey key, ExternalSecretResource es, int shard)
    {
        var ids = KeysOf(es).Distinct(StringComparer.Ordinal).ToArray();
        lock (_gate)
        {
            RemoveLocked(key);
            if (ids.Length == 0) return;
            _byReader[key] = ids;
            foreach (var id in ids)
            {
                if (!_byKey.TryGetValue(id, out var readers)) _byKey[id] = readers = [];
                readers[key] = shard;
            }
        }
    }

    public void Remove(QueueKey key)
    {
        lock (_gate) RemoveLocked(key);
    }

    /// <summary>The ExternalSecrets reading <paramref name="key"/> from the store with identity <paramref name="storeIdentity"/>.</summary>
    public IReadOnlyList<Reader> Of(string storeIdentity, string key)
    {
        lock (_gate)
        {
            return _byKey.TryGetValue(Id(storeIdentity, key), out var readers) ? [.. readers.Select(r => new Reader(r.Key, r.Value))] : [];
        }
    }

    /// <summary>Remote keys indexed (for tests and the memory bound).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _byKey.Count;
        }
    }

    private void RemoveLocked(QueueKey key)
    {
        if (!_byReader.Remove(key, out var ids)) return;
        foreach (var id in ids)
        {
            if (_byKey.TryGetValue(id, out var readers) && readers.Remove(key) && readers.Count == 0) _byKey.Remove(id);
        }
    }

    private static IEnumerable<string> KeysOf(ExternalSecretResource es)
    {
        foreach (var entry in es.Data)
        {
            if (entry.Ref.Key.Length > 0 && (entry.SourceStore ?? es.Store) is { } store) yield return Id(StoreIdentity(store, es.Namespace), entry.Ref.Key);
        }
        foreach (var entry in es.DataFrom)
        {
            if (entry.Extract is { Key.Length: > 0 } extract && (entry.SourceStore ?? es.Store) is { } store) yield return Id(StoreIdentity(store, es.Namespace), extract.Key);
        }
    }

    /// <summary>The <see cref="StoreResource.Identity"/> of the store an ExternalSecret in <paramref name="ns"/> names.</summary>
    private static string StoreIdentity(StoreRef store, string ns) =>
        store.Kind == StoreKind.SecretStore ? $"{StoreKind.SecretStore}/{ns}/{store.Name}" : $"{StoreKind.ClusterSecretStore}//{store.Name}";

    private static string Id(string storeIdentity, string key) => storeIdentity + "\n" + key;
}
