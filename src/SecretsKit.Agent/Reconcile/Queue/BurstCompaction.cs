namespace SecretsKit.Agent.Reconcile.Queue;

/// <summary>
/// Gives memory back after a burst. During a burst of reconciles (the first sync, a relist, a mass refresh) the objects
/// that live across awaits are promoted to generation 2, and stay there as garbage until the next full collection,
/// which an idle agent may not trigger for hours: the process keeps the burst's peak. So when the queue turns idle after
/// at least <paramref name="minReconciles"/> reconciles since the last compaction (and at least
/// <paramref name="minInterval"/> later), one compacting full collection runs that returns the freed memory to the
/// operating system. Zero reconciles switches it off.
/// </summary>
internal sealed class IdleCompaction(long minReconciles, TimeSpan minInterval, TimeProvider time, Action? compact = null)
{
    private readonly Action _compact = compact ?? CompactAndRelease;
    private readonly Lock _gate = new();
    private long _lastCount;
    private long? _lastStamp;
    private bool _running;

    /// <summary>Compactions started.</summary>
    public int Count { get; private set; }

    /// <summary>Called when the queue has just turned idle, with the number of reconciles so far; true when a compaction started.</summary>
    public bool OnIdle(long reconciles)
    {
        lock (_gate)
        {
            if (minReconciles <= 0 || _running || reconciles - _lastCount < minReconciles) return false;
            if (_lastStamp is { } last && time.GetElapsedTime(last) < minInterval) return false;
            _running = true;
            _lastCount = reconciles;
            _lastStamp = time.GetTimestamp();
            Count++;
        }
        _ = Task.Run(() =>
        {
            try
            {
                _compact();
            }
            finally
            {
                lock (_gate) _running = false;
            }
        });
        return true;
    }

    private static void CompactAndRelease() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
