using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Render;

/// <summary>
/// The objects of a local render, in memory: what an API server would hold after <c>kubectl apply</c> of the
/// manifests, and everything the reconcilers write during the pass (Secrets, statuses, Events). Keyed by API group,
/// plural, namespace ("" when cluster-scoped) and name. Thread-safe: the pass reconciles with several workers. A
/// creationTimestamp is read from the render's clock.
/// </summary>
internal sealed class LocalObjectStore(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Group, string Plural, string Ns, string Name), JsonObject> _objects = [];
    private long _version;

    /// <summary>Adds an object as the API server would on create: uid, resourceVersion, generation, creationTimestamp. False when the name is taken.</summary>
    public bool TryCreate(string group, string plural, string ns, JsonObject obj)
    {
        if (string.IsNullOrEmpty(obj.GetName()) && obj["metadata"]?["generateName"]?.GetValue<string>() is { } prefix)
        {
            obj.SetName(prefix + Guid.NewGuid().ToString("N")[..5]);
        }
        var name = obj.GetName() ?? "";
        lock (_gate)
        {
            if (_objects.ContainsKey((group, plural, ns, name))) return false;
            var meta = obj.Metadata();
            meta["uid"] = Guid.NewGuid().ToString();
            meta["generation"] = 1;
            meta["creationTimestamp"] = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            if (ns.Length > 0) meta["namespace"] = ns;
            Store(group, plural, ns, name, obj);
            return true;
        }
    }

    /// <summary>A private copy of the object, or null.</summary>
    public JsonObject? Get(string group, string plural, string ns, string name)
    {
        lock (_gate) return _objects.TryGetValue((group, plural, ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
    }

    /// <summary>Copies of every object of one resource (in one namespace, or all when <paramref name="ns"/> is null), by namespace and name.</summary>
    public List<JsonObject> List(string group, string plural, string? ns)
    {
        lock (_gate)
        {
            return [.. _objects.Where(kv => kv.Key.Group == group && kv.Key.Plural == plural && (ns is null || kv.Key.Ns == ns))
                .OrderBy(kv => kv.Key.Ns, StringComparer.Ordinal).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
                .Select(kv => (JsonObject)kv.Value.DeepClone())];
        }
    }

    /// <summary>Replaces an existing object (identity kept); null when it does not exist.</summary>
    public JsonObject? Replace(string group, string plural, string ns, string name, Func<JsonObject, JsonObject> change)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue((group, plural, ns, name), out var existing)) return null;
            var next = change((JsonObject)existing.DeepClone());
            var meta = next.Metadata();
            foreach (var kept in (string[])["uid", "creationTimestamp", "namespace", "name", "generation"])
            {
                meta[kept] = existing["metadata"]?[kept]?.DeepClone();
            }
            if (!JsonNode.DeepEquals(existing["spec"], next["spec"]))
            {
                meta["generation"] = existing.GetGeneration() + 1;
            }
            return Store(group, plural, ns, name, next);
        }
    }

    public bool Remove(string group, string plural, string ns, string name)
    {
        lock (_gate) return _objects.Remove((group, plural, ns, name));
    }

    private JsonObject Store(string group, string plural, string ns, string name, JsonObject obj)
    {
        obj.SetResourceVersion((++_version).ToString(CultureInfo.InvariantCulture));
        _objects[(group, plural, ns, name)] = obj;
        return (JsonObject)obj.DeepClone();
    }

    /// <summary>RFC 7386 JSON merge patch of <paramref name="patch"/> into <paramref name="target"/> (null removes a member).</summary>
    public static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject child && target[key] is JsonObject existing) Merge(existing, child);
            else target[key] = value.DeepClone();
        }
        return target;
    }
}
