namespace SecretsKit.Cloud.Http;

/// <summary>How cloud HTTP calls are retried and timed out. Shared by the Vault and AWS clients.</summary>
public sealed record CloudRetryOptions
{
    /// <summary>Retries after the first attempt. <value>Default 3.</value></summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; doubled per attempt, with jitter. <value>Default 200 ms.</value></summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of a computed backoff delay. <value>Default 10 s.</value></summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest <c>Retry-After</c> honoured; a longer one fails the call instead. <value>Default 30 s.</value></summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt (not of the whole call). <value>Default 30 s.</value></summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for backoff delays and timeouts. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Observer called before each retry (diagnostics and tests); never sees bodies or headers.</summary>
    public Action<CloudRetryEvent>? OnRetry { get; init; }

    /// <summary>The defaults.</summary>
    public static CloudRetryOptions Default { get; } = new();

    /// <summary>No retries at all (still with the per-attempt timeout).</summary>
    public static CloudRetryOptions None { get; } = new() { MaxRetries = 0 };

    internal void Validate()
    {
        var problems = new List<string>();
        if (MaxRetries < 0) problems.Add("MaxRetries must be >= 0");
        if (BaseDelay < TimeSpan.Zero) problems.Add("BaseDelay must be >= 0");
        if (MaxDelay < BaseDelay) problems.Add("MaxDelay must be >= BaseDelay");
        if (AttemptTimeout <= TimeSpan.Zero) problems.Add("AttemptTimeout must be > 0");
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid retry options: " + string.Join("; ", problems));
        }
    }
}
