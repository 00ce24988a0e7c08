using System.Collections.Concurrent;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// Per-key jittered exponential backoff: the n-th consecutive failure waits between half and all of
/// <c>initial × 2^(n-1)</c>, capped at <c>max</c>. A success resets the key.
/// </summary>
internal sealed class Backoff<TKey>(TimeSpan initial, TimeSpan max, Random? random = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, int> _failures = new();
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Consecutive failures recorded for <paramref name="key"/>.</summary>
    public int Failures(TKey key) => _failures.TryGetValue(key, out var n) ? n : 0;

    /// <summary>Records a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Fail(TKey key)
    {
        var n = _failures.AddOrUpdate(key, 1, (_, f) => Math.Min(f + 1, 62));
        return Delay(n);
    }

    /// <summary>The delay for the <paramref name="failures"/>-th consecutive failure (jittered).</summary>
    public TimeSpan Delay(int failures)
    {
        var ceiling = initial.Ticks * Math.Pow(2, Math.Max(0, failures - 1));
        var capped = Math.Min(ceiling, max.Ticks);
        double fraction;
        lock (_random) fraction = 0.5 + (_random.NextDouble() / 2);
        return TimeSpan.FromTicks((long)(capped * fraction));
    }

    public void Reset(TKey key) => _failures.TryRemove(key, out _);
}
