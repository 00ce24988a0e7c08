using System.Collections.Concurrent;

namespace SecretsKit.Testing.Loopback;

/// <summary>One injected fault: an error status (0 = none) with the service's error code, an optional Retry-After, and latency.</summary>
public sealed record Fault(int Status, string ErrorCode = "", int? RetryAfterSeconds = null, TimeSpan Latency = default)
{
    public static Fault ServerError(string code = "InternalFailure") => new(500, code);

    public static Fault Throttle(int status, string code, int? retryAfterSeconds) => new(status, code, retryAfterSeconds);

    public static Fault Delay(TimeSpan latency) => new(0, Latency: latency);
}

/// <summary>A queue of faults that a fake applies to its next service requests (not to token endpoints).</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentQueue<Fault> _queue = new();

    public FaultPlan Enqueue(Fault fault, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _queue.Enqueue(fault);
        }
        return this;
    }

    public bool TryTake(out Fault fault) => _queue.TryDequeue(out fault!);

    public int Pending => _queue.Count;
}
