namespace SecretsKit.KeyService;

/// <summary>
/// Starts the thread pool's minimum worker threads while descriptors are free. A thread the runtime starts later, when
/// the process is out of descriptors (its limit lowered under it, or a flood of connections), cannot read what a new
/// thread reads (<c>/sys/devices/system/cpu/possible</c>, its <c>comm</c> file) and the runtime ends the process with
/// "Out of memory." (seen with strace while accepts failed with EMFILE). The key work needs those threads in bursts.
/// </summary>
internal static class PoolWarmUp
{
    /// <summary>Has the pool run as many work items at once as its minimum (bounded by <paramref name="limit"/>), each on its own thread.</summary>
    public static void Run(TimeSpan limit)
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        var gate = new object();
        var (arrived, released) = (0, false);
        for (var i = 0; i < workers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                lock (gate)
                {
                    arrived++;
                    Monitor.PulseAll(gate);
                    while (!released && Monitor.Wait(gate, limit))
                    {
                    }
                }
            }, null);
        }
        lock (gate)
        {
            while (arrived < workers && Monitor.Wait(gate, limit))
            {
            }
            released = true;
            Monitor.PulseAll(gate);
        }
    }
}
