namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Threads of their own for one validation's workers (<see cref="ValidationOptions.OwnThreads"/>): each started when a
/// phase needs one more than are idle, then parked between phases (the parse, the checks) and woken for the next, until
/// disposed. A thread started for each phase cost the second phase up to a scheduler tick: this kernel often put the new
/// thread on its starting thread's core, whose start then waited for it (bench/README.md, 2026-11-28). The caller waits
/// for a phase's workers on its own thread (<see cref="DocumentWorkers.RunAsync"/>), so that the next phase starts from
/// there and these threads are all idle for it.
/// </summary>
internal sealed class WorkerThreads : IDisposable
{
    /// <summary>Guards the queue and the counts; parked threads wait on it (<see cref="Monitor.Wait(object)"/>).</summary>
    private readonly object _gate = new();
    private readonly Queue<(Func<Task> Work, TaskCompletionSource<Task> Started)?> _queue = new();
    private int _idle;
    private int _threads;
    private bool _disposed;

    /// <summary>Runs <paramref name="work"/> on an idle thread of these (a new one when none is idle); its task.</summary>
    public Task Run(Func<Task> work)
    {
        var started = new TaskCompletionSource<Task>();
        bool start;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue((work, started));
            start = _idle == 0;
            if (start) _threads++;
            else _idle--;
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
            lock (_gate) _idle++;
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
