using System.Collections.Concurrent;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Runtime;

/// <summary>
/// Maps watch events of one resource kind to queue keys, skipping updates that change neither uid, generation nor
/// deletion state (status-only and metadata-only writes, including the agent's own).
/// </summary>
internal sealed class GenerationWatch(string queueKind)
{
    private readonly ConcurrentDictionary<string, string> _fingerprints = new(StringComparer.Ordinal);

    public IEnumerable<QueueKey> Keys(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) yield break;
        var ns = obj.GetNamespace() ?? "default";
        var id = $"{ns}/{name}";
        if (ev.Type == WatchEventType.Deleted)
        {
            _fingerprints.TryRemove(id, out _);
            yield return new QueueKey(queueKind, ns, name);
            yield break;
        }
        var fingerprint = $"{obj.GetUid()}/{obj.GetGeneration()}{(obj.IsBeingDeleted() ? "-deleting" : "")}";
        if (ev.Type != WatchEventType.Added && _fingerprints.TryGetValue(id, out var seen) && seen == fingerprint) yield break;
        _fingerprints[id] = fingerprint;
        yield return new QueueKey(queueKind, ns, name);
    }
}
