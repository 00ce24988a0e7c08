using SecretsKit.Kubernetes.Http;

namespace SecretsKit.Kubernetes.Events;

/// <summary>
/// Drops events about one object beyond a token bucket, like client-go's spam filter: a burst of 25, then one more
/// every 5 minutes per object and source. Buckets of at most <see cref="EventCorrelator.DefaultCapacity"/> objects are kept.
/// </summary>
internal sealed class EventSpamFilter(TimeProvider time, int burst = EventSpamFilter.DefaultBurst, double perSecond = EventSpamFilter.DefaultPerSecond)
{
    public const int DefaultBurst = 25;
    public const double DefaultPerSecond = 1.0 / 300;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Whether one more event about the object <paramref name="objectKey"/> may be written now.</summary>
    public bool Allow(string objectKey)
    {
        TokenBucket bucket;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(objectKey, out bucket!))
            {
                if (_buckets.Count >= EventCorrelator.DefaultCapacity) _buckets.Clear();
                bucket = new TokenBucket(perSecond, burst, time);
                _buckets[objectKey] = bucket;
            }
        }
        return bucket.TryTake();
    }
}
