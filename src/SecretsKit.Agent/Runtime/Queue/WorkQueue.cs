using System.Threading.Channels;

namespace SecretsKit.Agent.Runtime.Queue;

/// <summary>
/// A deduplicating work queue with client-go semantics: a key added while already waiting is stored once; a key added
/// while a worker holds it is processed again after that worker calls <see cref="Done"/>, never by two workers at once.
/// Its collections grow with a burst (the first sync queues every object) and do not shrink by themselves, so once the
/// queue is idle after holding more than <see cref="TrimAbove"/> keys they are trimmed back.
/// </summary>
internal sealed class WorkQueue<T>
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Channel<byte> _available = Channel.CreateUnbounded<byte>();
    private bool _grown;

    /// <summary>How many waiting keys make the queue trim its collections once it is idle again.</summary>
    public const int TrimAbove = 1024;

    /// <summary>Room the queue's collections hold for keys (for tests of the trimming).</summary>
    public int Capacity
    {
        get
        {
            lock (_gate) return Math.Max(_dirty.EnsureCapacity(0), _queue.EnsureCapacity(0));
        }
    }

    /// <summary>Keys waiting (not counting those being processed).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _queue.Count;
        }
    }

    /// <summary>Nothing waiting and nothing being processed.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate) return _queue.Count == 0 && _processing.Count == 0;
        }
    }

    /// <summary>Waiting keys counted by <paramref name="group"/> (the metrics' <c>workqueue_depth</c> per controller).</summary>
    public Dictionary<string, int> CountBy(Func<T, string> group)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in _queue) counts[group(key)] = counts.GetValueOrDefault(group(key)) + 1;
        }
        return counts;
    }

    /// <summary>Whether a worker currently holds <paramref name="key"/>.</summary>
    public bool IsProcessing(T key)
    {
        lock (_gate) return _processing.Contains(key);
    }

    /// <summary>Queues <paramref name="key"/> unless it is already waiting. Returns whether it was newly queued or marked for a rerun.</summary>
    public bool Add(T key)
    {
        lock (_gate)
        {
            if (!_dirty.Add(key)) return false;
            if (_processing.Contains(key)) return true;
            _queue.Enqueue(key);
            if (_queue.Count > TrimAbove) _grown = true;
        }
        _available.Writer.TryWrite(0);
        return true;
    }

    /// <summary>Waits for the next key and marks it as being processed; call <see cref="Done"/> when finished.</summary>
    public async Task<T> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            await _available.Reader.ReadAsync(ct);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Releases <paramref name="key"/>; if it was added meanwhile, it is queued again.</summary>
    public void Done(T key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_dirty.Contains(key))
            {
                if (_grown && _queue.Count == 0 && _processing.Count == 0) Trim();
                return;
            }
            _queue.Enqueue(key);
        }
        _available.Writer.TryWrite(0);
    }

    private void Trim()
    {
        _grown = false;
        _queue.TrimExcess();
        _dirty.TrimExcess();
        _processing.TrimExcess();
    }
}
