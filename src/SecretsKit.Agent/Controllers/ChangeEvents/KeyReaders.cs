using SecretsKit.Agent.ChangeEvents;
using SecretsKit.Agent.Controllers.PushSecrets;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;

namespace SecretsKit.Agent.Controllers.ChangeEvents;

/// <summary>
/// Which resources read or write which remote key of which store, with the shard each belongs to, kept from the
/// ExternalSecret and PushSecret watches: an ExternalSecret's <c>data[].remoteRef.key</c> and
/// <c>dataFrom[].extract.key</c>, its <c>dataFrom[].find</c> (matched against a changed key, see <see cref="FindMatch"/>),
/// and the remote keys a PushSecret writes: its <c>data</c> to its named stores, and everything its status says it
/// pushed (<c>status.syncedPushSecrets</c>: the stores its <c>labelSelector</c> picked, the keys <c>dataTo</c> expanded to).
/// A change event looks its keys up here: a key nobody reads costs nothing.
/// </summary>
internal sealed class KeyReaders
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<QueueKey, int>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<QueueKey, string[]> _byReader = [];
    private readonly Dictionary<string, Dictionary<QueueKey, (FindMatch[] Finds, int Shard)>> _findsByStore = new(StringComparer.Ordinal);
    private readonly Dictionary<QueueKey, string[]> _findStores = [];

    /// <summary>
    /// One reader of a key: the resource's queue key, its shard (0 when not sharded), and whether it reads the key
    /// through a <c>find</c> (its find result must be fetched anew).
    /// </summary>
    public readonly record struct Reader(QueueKey Key, int Shard, bool ByFind = false);

    /// <summary>Records what <paramref name="es"/> (queued as <paramref name="key"/>, in <paramref name="shard"/>) reads now.</summary>
    public void Update(QueueKey key, ExternalSecretResource es, int shard)
    {
        var ids = KeysOf(es).Distinct(StringComparer.Ordinal).ToArray();
        var finds = es.DataFrom
            .Where(d => d.Find is not null && (d.SourceStore ?? es.Store) is not null && d.Generator is null)
            .GroupBy(d => StoreIdentity((d.SourceStore ?? es.Store)!, es.Namespace), StringComparer.Ordinal)
            .Select(g => (Store: g.Key, Finds: g.Select(d => FindMatch.Of(d.Find!, g.Key)).OfType<FindMatch>().ToArray()))
            .Where(g => g.Finds.Length > 0)
            .ToList();
        lock (_gate)
        {
            RemoveLocked(key);
            AddLocked(key, ids, shard);
            if (finds.Count == 0) return;
            _findStores[key] = [.. finds.Select(f => f.Store)];
            foreach (var (store, matches) in finds)
            {
                if (!_findsByStore.TryGetValue(store, out var readers)) _findsByStore[store] = readers = [];
                readers[key] = (matches, shard);
            }
        }
    }

    /// <summary>
    /// Records the remote keys <paramref name="ps"/> (queued as <paramref name="key"/>) writes: its <c>data</c> to the
    /// stores it names, and what its status says it pushed (so label-selected stores and <c>dataTo</c> keys count once
    /// pushed). PushSecrets are the work of shard 0's owner.
    /// </summary>
    public void Update(QueueKey key, PushSecretResource ps)
    {
        var named = ps.Stores.Where(s => s.Name is { Length: > 0 })
            .SelectMany(s => ps.Data.Where(d => d.RemoteKey.Length > 0).Select(d => Id(StoreIdentity(new StoreRef(s.Name!, s.Kind), ps.Namespace), d.RemoteKey)));
        var pushed = PushSecretReconciler.Synced(ps.Raw)
            .SelectMany(s => s.Value.Values.Where(e => e.RemoteKey.Length > 0).Select(e => Id(StoreIdentity(PushedStore(s.Key), ps.Namespace), e.RemoteKey)));
        var ids = named.Concat(pushed).Distinct(StringComparer.Ordinal).ToArray();
        lock (_gate)
        {
            RemoveLocked(key);
            AddLocked(key, ids, 0);
        }
    }

    public void Remove(QueueKey key)
    {
        lock (_gate) RemoveLocked(key);
    }

    /// <summary>
    /// The resources reading <paramref name="key"/> from the store with identity <paramref name="storeIdentity"/>, by name or
    /// by a find (<paramref name="changes"/> knows what tags-only finds returned; <paramref name="tags"/> is what the event
    /// says of the key's tags).
    /// </summary>
    public IReadOnlyList<Reader> Of(string storeIdentity, string key, ChangedKeys changes, TagChange? tags = null)
    {
        lock (_gate)
        {
            var named = _byKey.TryGetValue(Id(storeIdentity, key), out var readers) ? readers.Select(r => new Reader(r.Key, r.Value)) : [];
            var found = _findsByStore.TryGetValue(storeIdentity, out var finds)
                ? finds.Where(f => f.Value.Finds.Any(m => m.Matches(key, changes, tags))).Select(f => new Reader(f.Key, f.Value.Shard, ByFind: true))
                : [];
            return [.. named.Concat(found)];
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

    private void AddLocked(QueueKey key, string[] ids, int shard)
    {
        if (ids.Length == 0) return;
        _byReader[key] = ids;
        foreach (var id in ids)
        {
            if (!_byKey.TryGetValue(id, out var readers)) _byKey[id] = readers = [];
            readers[key] = shard;
        }
    }

    private void RemoveLocked(QueueKey key)
    {
        if (_findStores.Remove(key, out var stores))
        {
            foreach (var store in stores)
            {
                if (_findsByStore.TryGetValue(store, out var finds) && finds.Remove(key) && finds.Count == 0) _findsByStore.Remove(store);
            }
        }
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

    /// <summary>The <see cref="StoreResource.Identity"/> of the store a resource in <paramref name="ns"/> names.</summary>
    private static string StoreIdentity(StoreRef store, string ns) =>
        store.Kind == StoreKind.SecretStore ? $"{StoreKind.SecretStore}/{ns}/{store.Name}" : $"{StoreKind.ClusterSecretStore}//{store.Name}";

    /// <summary>The store of a <c>status.syncedPushSecrets</c> key, <c>Kind/name</c>.</summary>
    private static StoreRef PushedStore(string storeKey)
    {
        var slash = storeKey.IndexOf('/', StringComparison.Ordinal);
        return new StoreRef(storeKey[(slash + 1)..], storeKey[..slash] == nameof(StoreKind.ClusterSecretStore) ? StoreKind.ClusterSecretStore : StoreKind.SecretStore);
    }

    private static string Id(string storeIdentity, string key) => storeIdentity + "\n" + key;
}
