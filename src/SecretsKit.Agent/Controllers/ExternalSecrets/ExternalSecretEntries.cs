using System.Collections.Concurrent;
using SecretsKit.Agent.Runtime.Queue;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// The one map of this replica's ExternalSecrets: an <see cref="ExternalSecretEntry"/> per object, created on first
/// sight (a watch event or a reconcile) and removed when the object is deleted, keyed by its work-queue key. Beside it
/// only the reverse index from a target Secret to the entries writing it, whose keys are the entries' own strings; an
/// ExternalSecret whose target has its own name (the default) is found through the main map and is not indexed.
/// </summary>
internal sealed class ExternalSecretEntries
{
    private readonly ConcurrentDictionary<QueueKey, ExternalSecretEntry> _entries = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), ExternalSecretEntry[]> _byTarget = new();

    public int Count => _entries.Count;

    /// <summary>Every entry (a moment's view).</summary>
    public IEnumerable<ExternalSecretEntry> All => _entries.Values;

    /// <summary>The entry of <paramref name="key"/>, created when there is none.</summary>
    public ExternalSecretEntry GetOrAdd(QueueKey key) =>
        _entries.TryGetValue(key, out var entry) ? entry : _entries.GetOrAdd(key, k => new ExternalSecretEntry(k.Namespace ?? "default", k.Name));

    public ExternalSecretEntry? Find(QueueKey key) => _entries.TryGetValue(key, out var entry) ? entry : null;

    public ExternalSecretEntry? Find(string ns, string name) => Find(ExternalSecretController.KeyOf(ns, name));

    /// <summary>Forgets a deleted ExternalSecret: its entry (state, failure, metric series) and its place in the target index.</summary>
    public void Remove(QueueKey key)
    {
        if (!_entries.TryRemove(key, out var entry)) return;
        lock (entry) Unindex(entry);
    }

    /// <summary>Records that <paramref name="entry"/> writes the Secret <paramref name="targetName"/> of its namespace (indexed for <see cref="WritersOf"/>).</summary>
    public void Target(ExternalSecretEntry entry, string targetName)
    {
        lock (entry)
        {
            if (string.Equals(entry.TargetName, targetName, StringComparison.Ordinal)) return;
            Unindex(entry);
            entry.TargetName = entry.Shared(targetName);
            if (WritesItsNamesake(entry)) return;
            _byTarget.AddOrUpdate((entry.Namespace, entry.TargetName), [entry], (_, all) => all.Contains(entry) ? all : [.. all, entry]);
        }
    }

    /// <summary>The entries whose target is the Secret <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public IReadOnlyList<ExternalSecretEntry> WritersOf(string ns, string name)
    {
        var others = _byTarget.TryGetValue((ns, name), out var all) ? all : [];
        return Find(ns, name) is { } namesake && WritesItsNamesake(namesake) ? [namesake, .. others] : others;
    }

    private static bool WritesItsNamesake(ExternalSecretEntry entry) => string.Equals(entry.TargetName, entry.Name, StringComparison.Ordinal);

    private void Unindex(ExternalSecretEntry entry)
    {
        if (entry.TargetName is not { } target) return;
        var indexed = !WritesItsNamesake(entry);
        entry.TargetName = null;
        if (!indexed) return;
        var key = (entry.Namespace, target);
        while (_byTarget.TryGetValue(key, out var all))
        {
            var rest = all.Where(e => e != entry).ToArray();
            if (rest.Length == all.Length) return;
            if (rest.Length == 0 ? _byTarget.TryRemove(KeyValuePair.Create(key, all)) : _byTarget.TryUpdate(key, rest, all)) return;
        }
    }
}
