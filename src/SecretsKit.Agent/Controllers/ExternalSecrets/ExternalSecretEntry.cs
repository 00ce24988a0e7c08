using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Runtime.Queue;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// Everything this replica keeps about one ExternalSecret, in one object held by <see cref="ExternalSecretEntries"/>:
/// the controller's, reconciler's, metrics' and work queue's views of it reference this entry (and its <see cref="Key"/>,
/// the only copy of its name) instead of keeping maps of their own keyed by <c>namespace/name</c> strings.
/// <para>
/// It holds what the watch needs (what the last event looked like, to skip status-only updates; the target Secret's
/// name, to map Secret events back to it) and what the reconciles need: the last <see cref="State"/>, the stores of a
/// failed reconcile (<see cref="FailedStores"/>) and the metric <see cref="Series"/>. Sharded, a replica keeps entries
/// only for the objects of the shards it owns (the watch cache holds every object); an entry goes as a whole when its
/// object is deleted or turns out to be another replica's.
/// </para>
/// </summary>
internal sealed class ExternalSecretEntry(string ns, string name)
{
    private long _seenGeneration = -1;
    private ulong _seenMetadata;
    private bool _seenDeleting;
    private SyncState? _state;
    private IReadOnlyList<string>? _failedStores;
    private ExternalSecretSeries? _series;

    /// <summary>The work-queue key: <see cref="ExternalSecretController.QueueKind"/>, the (interned) namespace and the name.</summary>
    public QueueKey Key { get; } = new(ExternalSecretController.QueueKind, ns, name);

    public string Namespace => Key.Namespace!;

    public string Name => Key.Name;

    /// <summary>The target Secret (in <see cref="Namespace"/>) as of the last watch event; set through <see cref="ExternalSecretEntries.Target"/>.</summary>
    public string? TargetName { get; internal set; }

    /// <summary>What the agent last wrote for it (null = nothing synced by this replica yet, or forgotten).</summary>
    public SyncState? State
    {
        get => Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, value);
    }

    /// <summary>The stores (<see cref="StoreResource.Identity"/>) its last reconcile read from when it failed; null when it did not fail.</summary>
    public IReadOnlyList<string>? FailedStores
    {
        get => Volatile.Read(ref _failedStores);
        set => Volatile.Write(ref _failedStores, value);
    }

    /// <summary>Its metric series, or null while it has none (not reconciled here, or forgotten).</summary>
    public ExternalSecretSeries? Series => Volatile.Read(ref _series);

    /// <summary>Its metric series, created on the first update.</summary>
    public ExternalSecretSeries EnsureSeries()
    {
        if (Volatile.Read(ref _series) is { } series) return series;
        Interlocked.CompareExchange(ref _series, new ExternalSecretSeries(Namespace, Name), null);
        return _series!;
    }

    /// <summary>
    /// Records what a watch event showed (generation, hash of labels and annotations, being deleted) and returns whether it
    /// differs from the last one recorded, i.e. whether more than the status changed.
    /// </summary>
    public bool Saw(long generation, ulong metadataHash, bool deleting)
    {
        lock (this)
        {
            if (_seenGeneration == generation && _seenMetadata == metadataHash && _seenDeleting == deleting) return false;
            (_seenGeneration, _seenMetadata, _seenDeleting) = (generation, metadataHash, deleting);
            return true;
        }
    }

    /// <summary><paramref name="targetName"/> as a string this entry already holds when equal (its own name, usually), else itself.</summary>
    public string Shared(string targetName) =>
        string.Equals(targetName, Name, StringComparison.Ordinal) ? Name
        : TargetName is { } t && string.Equals(targetName, t, StringComparison.Ordinal) ? t
        : targetName;
}
