namespace SecretsKit.Agent.Runtime.Queue;

/// <summary>
/// Gives memory back after a burst of reconciles (the first sync, a relist, a mass refresh), and bounds it during a long
/// one. During a burst the objects that live across awaits are promoted to generation 2 and stay there as garbage until
/// the next full collection, which an idle agent may not trigger for hours: the process keeps the burst's peak. So:
/// <list type="bullet">
/// <item>when the queue turns idle after at least <paramref name="minReconciles"/> reconciles since the last compaction
/// (and at least <paramref name="minInterval"/> after the last one that ran on an idle queue), one compacting full
/// collection runs that returns the freed memory to the operating system (<see cref="OnIdle"/>);</item>
/// <item>while the queue stays busy, the same runs every <see cref="BusyReconciles"/> reconciles, at most once per
/// <see cref="BusyInterval"/> after the last compaction (<see cref="OnBusy"/>): the 10,000-ExternalSecret first sync takes
/// about a minute and would otherwise end at the burst's peak.</item>
/// </list>
/// Zero reconciles switches either off.
/// </summary>
internal sealed class BurstCompaction(long minReconciles, TimeSpan minInterval, TimeProvider time, Action? compact = null)
{
    private readonly Action _compact = compact ?? CompactAndRelease;
    private readonly Lock _gate = new();
    private long _lastCount;
    private long? _lastStamp;
    private long? _lastIdleStamp;
    private bool _running;

    /// <summary>Reconciles of a busy queue between two compactions; 0 = only when idle.</summary>
    public long BusyReconciles { get; init; }

    /// <summary>Shortest time between two compactions while the queue is busy.</summary>
    public TimeSpan BusyInterval { get; init; }

    /// <summary>Compactions started.</summary>
    public int Count { get; private set; }

    /// <summary>Called when the queue has just turned idle, with the number of reconciles so far; true when a compaction started.</summary>
    public bool OnIdle(long reconciles) => TryStart(reconciles, minReconciles, minInterval, idle: true);

    /// <summary>Called after a reconcile while more are queued or running; true when a compaction started.</summary>
    public bool OnBusy(long reconciles) => TryStart(reconciles, BusyReconciles, BusyInterval, idle: false);

    private bool TryStart(long reconciles, long enough, TimeSpan interval, bool idle)
    {
        lock (_gate)
        {
            if (enough <= 0 || _running || reconciles - _lastCount < enough) return false;
            if ((idle ? _lastIdleStamp : _lastStamp) is { } last && time.GetElapsedTime(last) < interval) return false;
            _running = true;
            _lastCount = reconciles;
            _lastStamp = time.GetTimestamp();
            if (idle) _lastIdleStamp = _lastStamp;
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
