using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes.Caching;

/// <summary>
/// The objects of one watch (resource type, namespace or all, optional label selector), kept current by a
/// <see cref="ListWatch"/> and by the caller's own writes (<see cref="Written"/>, <see cref="Removed"/>). Objects are
/// held packed (a compact token stream against a string table shared by the cache: <see cref="PackedJson"/>), not as node trees (a few hundred bytes instead
/// of several kilobytes each, which matters at 10,000 ExternalSecrets and their Secrets); every read parses a private
/// copy the caller may modify. With a label selector the cache only holds matching objects, so a miss does not prove
/// the object is absent (<see cref="IsComplete"/> is false).
/// </summary>
public sealed class ObjectCache(ResourceType type, string? ns, string? labelSelector)
{
    private readonly Lock _gate = new();
    // found by the namespace and name each packed object leads with: no key string per object
    private HashSet<byte[]> _items = NewSet();

    // resourceVersions of objects deleted since the last list, so a write-through of an older version is not resurrected
    private readonly Dictionary<string, string?> _deleted = new(StringComparer.Ordinal);
    private volatile bool _synced;

    // one string table for every object of this watch: they have most of their keys and many values in common
    private readonly PackedJson _packer = new();

    /// <summary>
    /// An event of a relist, its object still packed: unpacked only when the event is handed out, so a relist of 100,000
    /// objects holds their packed bytes, not 100,000 parsed trees (about 2.5 KB each) at once. No item: Synced.
    /// </summary>
    internal readonly record struct PackedEvent(WatchEventType Type, byte[]? Item, ObjectCache? Cache)
    {
        public WatchEvent ToEvent() => new(Type, Item is null ? null : Cache!.Parse(Item));
    }

    /// <summary>
    /// <paramref name="obj"/> packed against this cache's table, its resourceVersion first (read without unpacking the
    /// rest): one array per object, with no record or string beside it.
    /// </summary>
    internal byte[] Pack(JsonObject obj) => _packer.Pack(obj, obj.GetResourceVersion());

    private JsonObject Parse(byte[] item) => _packer.Unpack(item);

    private static string? VersionOf(byte[] item) => PackedJson.ResourceVersionOf(item);

    /// <summary>An empty set of packed objects, one per namespace and name (what <see cref="Replace(HashSet{byte[]}, bool)"/> takes).</summary>
    internal static HashSet<byte[]> NewSet() => new(PackedIdentityComparer.Instance);

    private HashSet<byte[]>.AlternateLookup<(string? Namespace, string Name)> ByName => _items.GetAlternateLookup<(string? Namespace, string Name)>();

    private static string KeyOf(byte[] item) =>
        KeyOf(PackedJson.NamespaceOf(item) is { Length: > 0 } ns ? Encoding.UTF8.GetString(ns) : null, Encoding.UTF8.GetString(PackedJson.NameOf(item)));

    public ResourceType Type { get; } = type;

    /// <summary>The namespace watched; null = all namespaces (or a cluster-scoped type).</summary>
    public string? Namespace { get; } = type.Namespaced ? ns : null;

    public string? LabelSelector { get; } = labelSelector;

    /// <summary>True once a full list has been applied (the cache then reflects the server up to watch delay).</summary>
    public bool HasSynced => _synced;

    /// <summary>Whether a miss means "does not exist": synced and not filtered by a label selector.</summary>
    public bool IsComplete => _synced && string.IsNullOrEmpty(LabelSelector);

    public int Count
    {
        get
        {
            lock (_gate) return _items.Count;
        }
    }

    /// <summary>Whether this cache holds every object of <paramref name="type"/> in <paramref name="ns"/> that it could hold.</summary>
    public bool Covers(ResourceType type, string? ns) => type == Type && (Namespace is null || Namespace == ns);

    public static string KeyOf(string? ns, string name) => $"{ns}/{name}";

    private static string KeyOf(JsonObject o) => KeyOf(o.GetNamespace(), o.GetName() ?? "");

    /// <summary>A private copy of the cached object, or null.</summary>
    public JsonObject? TryGet(string? ns, string name)
    {
        byte[]? item;
        lock (_gate) ByName.TryGetValue((Type.Namespaced ? ns : null, name), out item);
        return item is null ? null : Parse(item);
    }

    /// <summary>Whether the cache holds the object (without parsing it).</summary>
    public bool Contains(string? ns, string name)
    {
        lock (_gate) return ByName.Contains((Type.Namespaced ? ns : null, name));
    }

    /// <summary>A copy of the current contents, keyed <c>namespace/name</c> (every object parsed: for small caches and tests).</summary>
    public IReadOnlyDictionary<string, JsonObject> Snapshot()
    {
        List<byte[]> items;
        lock (_gate) items = [.. _items];
        return items.ToDictionary(KeyOf, Parse, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every object cached now, each parsed only when the enumeration reaches it and not kept by it afterwards: a resync
    /// or a gained shard at 100,000 objects costs one tree at a time, not a snapshot of trees.
    /// </summary>
    public IEnumerable<JsonObject> Objects()
    {
        byte[][] items;
        lock (_gate) items = [.. _items];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            items[i] = null!;
            yield return Parse(item);
        }
    }

    /// <summary>Applies one watch event (ADDED/MODIFIED/DELETED); an object older than the cached one is ignored.</summary>
    public void Apply(WatchEvent ev)
    {
        if (ev.Object is null || ev.Type is WatchEventType.Bookmark or WatchEventType.Synced) return;
        if (ev.Type == WatchEventType.Deleted) Remove(ev.Object);
        else Put(ev.Object);
    }

    /// <summary>
    /// Replaces the whole contents with a fresh list and marks the cache synced; returns the events that describe the
    /// change (with <paramref name="announceAll"/>, every listed object as ADDED, for handlers that start from nothing).
    /// </summary>
    public List<WatchEvent> Replace(IReadOnlyDictionary<string, JsonObject> fresh, bool announceAll = false)
    {
        var items = NewSet();
        foreach (var obj in fresh.Values) Add(items, Pack(obj));
        return [.. Replace(items, announceAll).Select(e => e.ToEvent())];
    }

    /// <summary>Adds a packed object to a set, in place of one of the same namespace and name (the last one wins, as in a list).</summary>
    internal static void Add(HashSet<byte[]> items, byte[] item)
    {
        if (items.Add(item)) return;
        items.Remove(item);
        items.Add(item);
    }

    /// <summary>
    /// <see cref="Replace(IReadOnlyDictionary{string, JsonObject}, bool)"/> from objects packed (by <see cref="Pack"/>) as
    /// the list's pages arrived, in a set of <see cref="NewSet"/>, which the cache keeps; the events keep them packed.
    /// </summary>
    internal List<PackedEvent> Replace(HashSet<byte[]> fresh, bool announceAll)
    {
        if (fresh.Comparer != PackedIdentityComparer.Instance) throw new ArgumentException("a set of ObjectCache.NewSet is expected", nameof(fresh));
        var events = new List<PackedEvent>();
        lock (_gate)
        {
            foreach (var old in _items)
            {
                if (!fresh.Contains(old)) events.Add(new PackedEvent(WatchEventType.Deleted, old, this));
            }
            foreach (var item in fresh)
            {
                if (announceAll || !_items.TryGetValue(item, out var old)) events.Add(new PackedEvent(WatchEventType.Added, item, this));
                else if (VersionOf(old) != VersionOf(item)) events.Add(new PackedEvent(WatchEventType.Modified, item, this));
            }
            _items = fresh;
            _deleted.Clear();
        }
        _synced = true;
        return events;
    }

    /// <summary>Records an object this process just wrote (the server's answer), ahead of its watch event.</summary>
    public void Written(JsonObject obj) => Put(obj);

    /// <summary>Records that this process just deleted an object.</summary>
    public void Removed(string? ns, string name)
    {
        lock (_gate) ByName.Remove((Type.Namespaced ? ns : null, name));
    }

    private void Put(JsonObject obj)
    {
        var id = (obj.GetNamespace(), obj.GetName() ?? "");
        lock (_gate)
        {
            if (ByName.TryGetValue(id, out var current) && IsOlder(obj.GetResourceVersion(), VersionOf(current))) return;
            if (_deleted.Count > 0)
            {
                var key = KeyOf(obj);
                if (_deleted.TryGetValue(key, out var gone) && NotNewer(obj.GetResourceVersion(), gone)) return;
                _deleted.Remove(key);
            }
            Add(_items, Pack(obj));
        }
    }

    private void Remove(JsonObject obj)
    {
        var id = (obj.GetNamespace(), obj.GetName() ?? "");
        lock (_gate)
        {
            if (ByName.TryGetValue(id, out var current) && IsOlder(obj.GetResourceVersion(), VersionOf(current))) return;
            ByName.Remove(id);
            _deleted[KeyOf(obj)] = obj.GetResourceVersion();
        }
    }

    /// <summary>
    /// resourceVersions are opaque, but the API server's are etcd revisions (integers); when both parse, an older one is
    /// not applied over a newer one, so an object written by this process is not replaced by a stale event.
    /// </summary>
    private static bool NotNewer(string? candidate, string? than) => candidate == than || IsOlder(candidate, than);

    private static bool IsOlder(string? candidate, string? current) =>
        long.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
        && long.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
        && a < b;
}
