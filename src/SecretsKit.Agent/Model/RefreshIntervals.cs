using SecretsKit.Go.Time;

namespace SecretsKit.Agent.Model;

/// <summary>
/// ESO's <c>refreshInterval</c> fields: a <c>metav1.Duration</c>, which Go reads with <c>time.ParseDuration</c>
/// (<see cref="GoDuration.TryParse"/>: <c>1h30m</c>, <c>15s</c>, <c>1.5h</c>, <c>500ms</c>, <c>0</c>…).
/// </summary>
internal static class RefreshIntervals
{
    /// <summary>The interval when a manifest gives none (or one that does not parse), as ESO's default.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);

    /// <summary>
    /// Null, empty or unparsable = <see cref="Default"/>; zero = zero (sync once), and so is a negative interval: ESO
    /// refreshes only while the interval is positive.
    /// </summary>
    public static TimeSpan Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) || !GoDuration.TryParse(text.Trim(), out var interval) ? Default
            : interval < TimeSpan.Zero ? TimeSpan.Zero : interval;
}
