namespace SecretsKit.Testing.Http;

/// <summary>
/// The wake-up of a fake's long poll (SQS ReceiveMessage, Pub/Sub pull): <see cref="Pulse"/> when a message arrives;
/// a poll takes <see cref="Current"/> before it looks for messages, then <see cref="WaitAsync"/> until a pulse, 50 ms
/// (a message whose invisibility ran out) or its deadline.
/// </summary>
public sealed class LongPollSignal
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Current
    {
        get
        {
            lock (_gate) return _next.Task;
        }
    }

    public void Pulse()
    {
        TaskCompletionSource pulsed;
        lock (_gate)
        {
            pulsed = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        pulsed.TrySetResult();
    }

    /// <summary>Waits as the type says; false when the deadline has passed or the request was aborted (answer empty).</summary>
    public static async Task<bool> WaitAsync(Task current, DateTime deadline, CancellationToken aborted)
    {
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero || aborted.IsCancellationRequested) return false;
        await Task.WhenAny(current, Task.Delay(left < Tick ? left : Tick, aborted));
        return true;
    }
}
