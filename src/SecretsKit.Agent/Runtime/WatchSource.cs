using System.Text.Json.Nodes;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Runtime;

/// <summary>
/// A watch a controller needs: resource type, namespace (null = all / cluster-scoped), label selector, and the mapping
/// from each event (including <see cref="WatchEventType.Synced"/>, whose object is null) to the keys to queue.
/// </summary>
internal sealed record WatchSource(ResourceType Type, string? Namespace, string? LabelSelector, Func<WatchEvent, IEnumerable<QueueKey>> OnEvent)
{
    /// <summary>
    /// Sharding: what this replica gaining shards asks of one object of this watch's cache: the key to work on and when
    /// it is due (at or before now = at once), or null for nothing. Unset: the object is handed to <see cref="OnEvent"/>
    /// as ADDED when shard 0 is among them (its holder does every kind but ExternalSecrets), and its keys are queued at once.
    /// </summary>
    public Func<JsonObject, GainedShards, (QueueKey Key, DateTimeOffset DueAt)?>? OnShardsGained { get; init; }

    /// <summary>
    /// Sharding: for the object of an ADDED event (a watch's first list, which may come after its shard was gained), when
    /// the key <see cref="OnEvent"/> gives for it is due, if later than now: an object another replica synced is then
    /// scheduled rather than queued at once, as after a gain. Null, or unset: queued at once.
    /// </summary>
    public Func<JsonObject, DateTimeOffset?>? AddedDueAt { get; init; }
}
