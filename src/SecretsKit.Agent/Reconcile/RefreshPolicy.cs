using System.Globalization;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Reconcile.Scheduling;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Reconcile;

/// <summary>Pure scheduling decisions: interval parsing, "is a provider fetch due", the next refresh, per-object jitter (SopsSecrets).</summary>
internal static partial class RefreshPolicies
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>Go-style duration (<c>1h30m</c>, <c>15s</c>, <c>0</c>); null or empty = 1h; "0" = sync once.</summary>
    public static TimeSpan ParseInterval(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultInterval;
        if (text.Trim() == "0") return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var matches = DurationPart().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim()) return DefaultInterval;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => TimeSpan.Zero,
            };
        }
        return total;
    }

    /// <summary>
    /// Whether the provider must be asked again. <paramref name="lastSync"/> is the last successful sync (null = never);
    /// <paramref name="specChanged"/> = generation or force-sync annotation differ from what was synced. A periodic refresh
    /// is due at the next slot boundary of any of its remote keys (<see cref="RefreshSchedule"/>).
    /// </summary>
    public static bool IsFetchDue(ExternalSecretResource es, DateTimeOffset? lastSync, bool specChanged, DateTimeOffset now, RefreshSchedule schedule)
    {
        if (lastSync is null || specChanged) return true;
        return es.RefreshPolicy switch
        {
            RefreshPolicyKind.CreatedOnce => false,
            RefreshPolicyKind.OnChange => false,
            _ => es.RefreshInterval > TimeSpan.Zero && now >= schedule.NextAfter(lastSync.Value),
        };
    }

    /// <summary>
    /// When a synced object is next due for a fetch: the next slot boundary of its remote keys after the last sync for
    /// periodic refresh; null when only a spec change can trigger one (CreatedOnce, OnChange, interval 0).
    /// </summary>
    public static DateTimeOffset? NextFetch(ExternalSecretResource es, DateTimeOffset lastSync, RefreshSchedule schedule) =>
        es.RefreshPolicy is RefreshPolicyKind.Periodic && es.RefreshInterval > TimeSpan.Zero ? schedule.NextAfter(lastSync) : null;

    /// <summary>A stable per-object jitter of up to 10% of the interval (capped at 1 minute), so schedules spread out.</summary>
    public static TimeSpan Jitter(string key, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) return TimeSpan.Zero;
        var max = TimeSpan.FromTicks(Math.Min(interval.Ticks / 10, TimeSpan.FromMinutes(1).Ticks));
        uint h = 2166136261;
        foreach (var c in key) h = (h ^ c) * 16777619;
        return TimeSpan.FromTicks((long)(max.Ticks * (h % 1000 / 1000.0)));
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
