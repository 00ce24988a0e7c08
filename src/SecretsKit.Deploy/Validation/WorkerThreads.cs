namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Threads of their own for one validation's workers (<see cref="ValidationOptions.OwnThreads"/>): each started when a
/// phase needs one more than are idle, then parked between phases (the parse, the checks) and woken for the next, until
/// disposed. A thread started for each phase cost the second phase up to a scheduler tick: this kernel often put the new
/// thread on its starting thread's core, whose start then waited for it (bench/README.md, 2026-11-28). The caller waits
/// for a phase's workers on its own thread (<see cref="DocumentWorkers.RunAsync"/>), so that the next phase starts from
/// there and these threads are all idle for it. They are never more than the cores besides the caller's: work handed out
/// while all of them are busy (the built-in bundle's load, begun before the parse) waits for the first to finish.
/// </summary>
internal sealed class WorkerThreads : IDisposable
{
    /// <summary>Guards the queue and the counts; parked threads wait on it (<see cref="Monitor.Wait(object)"/>).</summary>
    private readonly object _gate = new();
    private readonly Queue<(Func<Task> Work, TaskCompletionSource<Task> Started)?> _queue = new();
    private readonly int _most;
    private int _idle;
    private int _threads;
    /// <summary>Work queued while every thread was busy and no more could start: the next thread to finish takes it.</summary>
    private int _owed;
    private bool _disposed;

    /// <summary>At most one thread per core besides the caller's.</summary>
    public WorkerThreads() : this(Environment.ProcessorCount - 1)
    {
    }

    /// <summary>At most <paramref name="most"/> threads (at least one).</summary>
    internal WorkerThreads(int most) => _most = Math.Max(1, most);

    /// <summary>Runs <paramref name="work"/> on an idle thread of these (a new one when none is idle and fewer than the
    /// most are running; else on the first to finish its work); its task.</summary>
    public Task Run(Func<Task> work)
    {
        var started = new TaskCompletionSource<Task>();
        var start = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue((work, started));
            if (_idle > 0) _idle--;
            else if (_threads < _most)
            {
                _threads++;
                start = true;
            }
            else _owed++;
            Monitor.Pulse(_gate);
        }
        if (start) new Thread(Loop) { IsBackground = true, Name = "secretskit worker" }.Start();
        return started.Task.Unwrap();
    }

    private void Loop()
    {
        while (true)
        {
            (Func<Task> Work, TaskCompletionSource<Task> Started)? next;
            lock (_gate)
            {
                while (_queue.Count == 0) Monitor.Wait(_gate);
                next = _queue.Dequeue();
            }
            if (next is not var (work, started)) return;
            Task task;
            try
            {
                task = work(); // runs here up to its first wait (a schema fetched over HTTP goes on elsewhere)
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }
            // idle before the caller learns of it: the caller's next phase then finds this thread instead of starting one
            lock (_gate)
            {
                if (_owed > 0) _owed--; // this thread takes the work queued while it was busy
                else _idle++;
            }
            started.SetResult(task);
        }
    }

    /// <summary>Ends the threads once they are idle (each takes one stop from the queue).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            var threads = _threads;
            for (var i = 0; i < threads; i++) _queue.Enqueue(null);
            Monitor.PulseAll(_gate);
        }
    }
}
