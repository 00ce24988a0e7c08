namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// How long one long poll (SQS <c>WaitTimeSeconds</c>, a Pub/Sub pull) may wait: at most 20 s and 5 s less than one HTTP
/// attempt's timeout, so a quiet queue never looks like a failed request (at least 1 s).
/// </summary>
internal static class LongPollWait
{
    public const int MaxSeconds = 20;

    public static int Seconds(TimeSpan attemptTimeout) => (int)Math.Clamp(Math.Floor(attemptTimeout.TotalSeconds) - 5, 1, MaxSeconds);
}
