namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Runs independent per-document work on at most as many workers as the machine has cores (or fewer, as asked): the
/// caller's thread is one of them, so the work goes on even when the thread pool is slow to lend a thread, and one
/// document (or one core) runs inline with no thread hop. Each index runs once; results go to the caller's slots, so
/// their order is the input's whatever the workers' timing. The first failure stops the hand-out and is rethrown.
/// The other workers run on the thread pool, or, when asked (<see cref="ValidationOptions.OwnThreads"/>), on threads of
/// their own (<see cref="WorkerThreads"/>): in a fresh process the pool took up to ~3 ms to hand a queued worker to an
/// idle thread while a core idled (bench/README.md, "2026-11-27 13:17").
/// </summary>
internal static class DocumentWorkers
{
    /// <summary>The workers for <paramref name="count"/> items: <paramref name="requested"/> (0: one per core), never
    /// more than the cores or the items.</summary>
    public static int Count(int requested, int count)
    {
        var cores = Environment.ProcessorCount;
        return Math.Max(1, Math.Min(count, requested <= 0 ? cores : Math.Min(requested, cores)));
    }

    /// <summary>Runs <paramref name="work"/> for each index below <paramref name="count"/> on <paramref name="workers"/> workers.</summary>
    public static async Task RunAsync(int count, int workers, Func<int, ValueTask> work, CancellationToken ct, WorkerThreads? threads = null)
    {
        var next = -1;
        async Task Worker()
        {
            try
            {
                for (int i; (i = Interlocked.Increment(ref next)) < count;)
                {
                    ct.ThrowIfCancellationRequested();
                    await work(i).ConfigureAwait(false);
                }
            }
            catch
            {
                Volatile.Write(ref next, count); // nothing more is handed out
                throw;
            }
        }
        if (workers <= 1)
        {
            await Worker().ConfigureAwait(false);
            return;
        }
        var running = new Task[workers];
        for (var w = 1; w < workers; w++)
        {
            running[w] = threads is not null ? threads.Run(Worker) : Task.Run(Worker, CancellationToken.None);
        }
        running[0] = Worker();
        if (threads is null)
        {
            await Task.WhenAll(running).ConfigureAwait(false);
            return;
        }
        // the caller's thread (a process's one validation) waits for the phase rather than let the last worker go on with
        // the caller's work: the next phase then starts from it and finds the worker threads idle (WorkerThreads)
        Task.WhenAll(running).GetAwaiter().GetResult();
    }
}
