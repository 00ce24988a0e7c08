using SecretsKit.Agent.Reconcile.Queue;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile;

/// <summary>
/// A watch a controller needs: resource type, namespace (null = all / cluster-scoped), label selector, and the mapping
/// from each event (including <see cref="WatchEventType.Synced"/>, whose object is null) to the keys to queue.
/// </summary>
internal sealed record WatchSource(ResourceType Type, string? Namespace, string? LabelSelector, Func<WatchEvent, IEnumerable<QueueKey>> OnEvent);
