using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes.Caching;

/// <summary>
/// Reads objects from watch-fed <see cref="ObjectCache"/>s, like controller-runtime's cache-backed client: a synced cache
/// that covers the type and namespace answers without an API request (a copy, so callers may modify it); a miss in a
/// complete cache means "not found"; anything else (no cache yet, or a label-selected cache that does not hold the name)
/// is a GET. Writes go to the server through <see cref="Client"/>; report them here (<see cref="Written"/>,
/// <see cref="Removed"/>) so the next read sees them before the watch event arrives.
/// </summary>
public sealed class CachedReader(KubernetesClient client)
{
    private readonly ConcurrentDictionary<(ResourceType Type, string? Namespace, string? Selector), ObjectCache> _caches = new();
    private long _hits;
    private long _gets;

    public KubernetesClient Client => client;

    /// <summary>Reads answered from a cache.</summary>
    public long CacheHits => Interlocked.Read(ref _hits);

    /// <summary>Reads that had to GET from the API server.</summary>
    public long ApiGets => Interlocked.Read(ref _gets);

    /// <summary>The cache for one watch, created on first use (the same instance for the same type, namespace and selector).</summary>
    public ObjectCache CacheFor(ResourceType type, string? ns, string? labelSelector) =>
        _caches.GetOrAdd((type, type.Namespaced ? ns : null, labelSelector), k => new ObjectCache(k.Type, k.Namespace, k.Selector));

    /// <summary>The object (a private copy), or null when it does not exist.</summary>
    public Task<JsonObject?> TryGetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default) =>
        TryGetAsync(type, ns, name, selectedMissIsAbsent: false, cancellationToken);

    /// <summary>
    /// Like <see cref="TryGetAsync(ResourceType, string?, string, CancellationToken)"/>; with <paramref name="selectedMissIsAbsent"/>
    /// a miss in a synced label-selected cache also answers null without a GET (for a caller that creates the object and
    /// handles AlreadyExists when an unselected one is there).
    /// </summary>
    public async Task<JsonObject?> TryGetAsync(ResourceType type, string? ns, string name, bool selectedMissIsAbsent, CancellationToken cancellationToken)
    {
        ObjectNames.EnsureValid(type, type.Namespaced ? ns : null, name); // a bad name is an error, never a cache miss
        foreach (var cache in Covering(type, ns))
        {
            if (cache.TryGet(ns, name) is { } hit)
            {
                Interlocked.Increment(ref _hits);
                return hit;
            }
            if (cache.IsComplete || (selectedMissIsAbsent && cache.HasSynced))
            {
                Interlocked.Increment(ref _hits);
                return null;
            }
        }
        Interlocked.Increment(ref _gets);
        return await client.TryGetAsync(type, ns, name, cancellationToken);
    }

    /// <summary>The object (a private copy) when a synced cache holds it; null otherwise, with no request to the server.</summary>
    public JsonObject? TryGetCached(ResourceType type, string? ns, string name)
    {
        foreach (var cache in Covering(type, ns))
        {
            if (cache.TryGet(ns, name) is { } hit) return hit;
        }
        return null;
    }

    /// <summary>Records an object just written to the server (its answer) in every cache that may hold it.</summary>
    public void Written(ResourceType type, JsonObject obj)
    {
        foreach (var cache in Covering(type, obj.GetNamespace()))
        {
            if (string.IsNullOrEmpty(cache.LabelSelector) || cache.Contains(obj.GetNamespace(), obj.GetName() ?? "") || HasLabels(obj, cache.LabelSelector))
            {
                cache.Written(obj);
            }
        }
    }

    /// <summary>Records an object just deleted on the server.</summary>
    public void Removed(ResourceType type, string? ns, string name)
    {
        foreach (var cache in Covering(type, ns)) cache.Removed(ns, name);
    }

    private IEnumerable<ObjectCache> Covering(ResourceType type, string? ns) =>
        _caches.Values.Where(c => c.HasSynced && c.Covers(type, ns)).OrderBy(c => string.IsNullOrEmpty(c.LabelSelector) ? 0 : 1);

    /// <summary>Equality-based selectors only (<c>a=b,c=d</c>): enough to tell whether a written object belongs in a cache.</summary>
    private static bool HasLabels(JsonObject obj, string selector) =>
        selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(term =>
            term.Split('=', 2) is [var k, var v] && obj.GetLabel(k.TrimEnd('=')) == v.TrimStart('='));
}
