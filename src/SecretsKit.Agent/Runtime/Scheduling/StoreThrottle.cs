using System.Collections.Concurrent;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes.Http;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// Limits provider calls per store: a token bucket (<see cref="AgentOptions.StoreRateLimit"/> per second, burst
/// <see cref="AgentOptions.StoreRateBurst"/>) and at most <see cref="AgentOptions.StoreConcurrency"/> calls in flight.
/// Zero or less switches either limit off.
/// </summary>
internal sealed class StoreThrottle(double ratePerSecond, int burst, int concurrency, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (TokenBucket? Bucket, SemaphoreSlim? Slots)> _stores = new(StringComparer.Ordinal);

    public static StoreThrottle From(AgentOptions options, TimeProvider time) =>
        new(options.StoreRateLimit, options.StoreRateBurst, options.StoreConcurrency, time);

    public async Task<T> RunAsync<T>(string store, Func<Task<T>> call, CancellationToken ct)
    {
        var (bucket, slots) = _stores.GetOrAdd(store, _ => (
            ratePerSecond > 0 ? new TokenBucket(ratePerSecond, burst, time) : null,
            concurrency > 0 ? new SemaphoreSlim(concurrency) : null));
        if (slots is not null) await slots.WaitAsync(ct);
        try
        {
            if (bucket is not null) await bucket.AcquireAsync(ct);
            return await call();
        }
        finally
        {
            slots?.Release();
        }
    }
}
