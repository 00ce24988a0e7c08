namespace SecretsKit.Kubernetes.Http;

/// <summary>
/// A token bucket: <c>rate</c> tokens per second, at most <c>burst</c> saved up. Callers reserve a token and wait
/// until it is theirs, so waiters are served in order. Measured with the provider's monotonic timestamp. Limits the
/// Kubernetes client's requests (client-go's QPS/burst) and the agent's provider calls per store.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _rate;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _stamp;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        _rate = ratePerSecond;
        _burst = Math.Max(1, burst);
        _time = time;
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    /// <summary>Takes one token and returns how long the caller must wait before using it (zero when one was saved).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            Refill();
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }

    /// <summary>Takes a token only when one is saved up now; false (and nothing taken) otherwise.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _rate));
        _stamp = now;
    }

    public async Task AcquireAsync(CancellationToken ct)
    {
        var wait = Reserve();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, ct);
    }
}
