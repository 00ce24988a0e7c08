using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>When a failed reconcile is tried again: the backoff delay, but never before a throttling service's <c>Retry-After</c>.</summary>
internal static class RetryPlan
{
    /// <summary>The Retry-After carried by <paramref name="error"/> or any inner exception, if a service sent one.</summary>
    public static TimeSpan? RetryAfter(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is IThrottlingError { RetryAfter: { } wait }) return wait;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (RetryAfter(inner) is { } w) return w;
                }
            }
        }
        return null;
    }

    public static DateTimeOffset NextAttempt(DateTimeOffset now, TimeSpan backoff, Exception? error)
    {
        var wait = backoff;
        if (RetryAfter(error) is { } retryAfter && retryAfter > wait) wait = retryAfter;
        return now + wait;
    }
}
