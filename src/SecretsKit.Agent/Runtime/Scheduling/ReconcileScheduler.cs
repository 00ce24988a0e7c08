using System.Threading.Channels;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// Per-key timers: each key has at most one due time (a later <see cref="Schedule"/> replaces it); when it comes due
/// the key is handed to <c>fire</c> (the work queue). Due times are read from the <see cref="TimeProvider"/>; the loop
/// wakes at the earliest due time or after <c>resolution</c>, whichever is sooner, so a manual clock is noticed too.
/// </summary>
internal sealed class ReconcileScheduler<TKey>(TimeProvider time, TimeSpan resolution)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, DateTimeOffset> _due = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> _heap = new();
    private readonly Channel<byte> _wake = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Keys with a pending due time.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _due.Count;
        }
    }

    /// <summary>The keys with a pending due time (a snapshot).</summary>
    public IReadOnlyList<TKey> Keys
    {
        get
        {
            lock (_gate) return [.. _due.Keys];
        }
    }

    public DateTimeOffset? DueAt(TKey key)
    {
        lock (_gate) return _due.TryGetValue(key, out var at) ? at : null;
    }

    /// <summary>Sets (or replaces) when <paramref name="key"/> is due.</summary>
    public void Schedule(TKey key, DateTimeOffset at)
    {
        bool earliest;
        lock (_gate)
        {
            if (_due.TryGetValue(key, out var current) && current == at) return;
            _due[key] = at;
            _heap.Enqueue(key, at);
            earliest = _heap.TryPeek(out _, out var first) && first == at;
        }
        if (earliest) Wake();
    }

    public void Cancel(TKey key)
    {
        lock (_gate) _due.Remove(key);
    }

    public async Task RunAsync(Action<TKey> fire, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var fired = new List<TKey>();
            DateTimeOffset? next = null;
            lock (_gate)
            {
                while (_heap.TryPeek(out var key, out var at))
                {
                    if (at > now)
                    {
                        next = at;
                        break;
                    }
                    _heap.Dequeue();
                    if (_due.TryGetValue(key, out var due) && due == at)
                    {
                        _due.Remove(key);
                        fired.Add(key);
                    }
                }
            }
            foreach (var key in fired) fire(key);
            var wait = next is { } n && n - now < resolution ? n - now : resolution;
            try
            {
                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var woken = _wake.Reader.WaitToReadAsync(sleep.Token).AsTask();
                await Task.WhenAny(woken, Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, sleep.Token));
                await sleep.CancelAsync();
                while (_wake.Reader.TryRead(out _))
                {
                }
                ct.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Wake() => _wake.Writer.TryWrite(0);
}
