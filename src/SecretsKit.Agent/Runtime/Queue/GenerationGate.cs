using System.Collections.Concurrent;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Runtime.Queue;

/// <summary>
/// Which watch events of a resource queue its key: ADDED always (new, or listed by a new session), MODIFIED only when
/// <c>metadata.generation</c> changed (a spec change, not the agent's own status writes), DELETED never (the key is forgotten).
/// </summary>
internal sealed class GenerationGate
{
    private readonly ConcurrentDictionary<QueueKey, long> _generations = new();

    /// <summary>The keys of every object seen and not deleted.</summary>
    public IEnumerable<QueueKey> Known => _generations.Keys;

    public bool ShouldQueue(WatchEvent ev, QueueKey key)
    {
        if (ev.Type == WatchEventType.Deleted)
        {
            _generations.TryRemove(key, out _);
            return false;
        }
        var generation = ev.Object!.GetGeneration();
        if (ev.Type != WatchEventType.Added && _generations.TryGetValue(key, out var seen) && seen == generation) return false;
        _generations[key] = generation;
        return true;
    }

    /// <summary>Records an object read outside a watch (a list in a pass).</summary>
    public void Saw(QueueKey key, long generation) => _generations[key] = generation;
}
