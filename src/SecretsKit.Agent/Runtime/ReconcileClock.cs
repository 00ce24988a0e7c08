namespace SecretsKit.Agent.Runtime;

/// <summary>When each reconcile in flight started, so a wedged worker shows as one that has been busy too long (the liveness check).</summary>
internal sealed class ReconcileClock(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTimeOffset> _started = [];
    private long _next;

    /// <summary>How long the oldest reconcile in flight has been running; zero when none is.</summary>
    public TimeSpan Longest
    {
        get
        {
            lock (_gate)
            {
                if (_started.Count == 0) return TimeSpan.Zero;
                return time.GetUtcNow() - _started.Values.Min();
            }
        }
    }

    /// <summary>Records a reconcile's start; pass the result to <see cref="Finish"/>.</summary>
    public long Start()
    {
        lock (_gate)
        {
            var id = ++_next;
            _started[id] = time.GetUtcNow();
            return id;
        }
    }

    public void Finish(long id)
    {
        lock (_gate) _started.Remove(id);
    }
}
