namespace SecretsKit.Core.Errors;

/// <summary>
/// Implemented by errors of remote services that can say "slow down" (HTTP 429, AWS throttling): whether this failure
/// was such a refusal and the delay the service asked for (<c>Retry-After</c>), so a scheduler can wait at least that long.
/// </summary>
public interface IThrottlingError
{
    /// <summary>True when the service refused the call because of rate limits or quotas.</summary>
    bool IsThrottled { get; }

    /// <summary>The service's requested wait before the next attempt, when it sent one.</summary>
    TimeSpan? RetryAfter { get; }
}
