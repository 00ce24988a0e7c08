namespace SecretsKit.Core.Operations;

/// <summary>
/// How long recovering or wrapping a data key may wait on key services (<see cref="Keys.KeyKind.RemoteService"/>): each
/// attempt (retries included) at most <see cref="PerKey"/>, all of them together at most <see cref="Overall"/>; a key
/// not tried in time is a failed attempt that says so. A service that accepts a connection and never answers used to
/// hold <c>decrypt</c> for minutes per key, and <c>encrypt</c> for its client's four attempts of 30 s.
/// </summary>
public sealed record KeyDeadlines(TimeSpan PerKey, TimeSpan Overall)
{
    /// <summary>30 s per key, 2 minutes in all.</summary>
    public static KeyDeadlines Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));

    /// <summary>A limit as messages say it: <c>30 s</c>, <c>2.5 s</c>.</summary>
    public static string Seconds(TimeSpan limit) => limit.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
