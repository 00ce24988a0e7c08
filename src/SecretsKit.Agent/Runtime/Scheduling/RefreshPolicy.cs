using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>Pure scheduling decisions: "is a provider fetch due", the next refresh, per-object jitter (SopsSecrets).</summary>
internal static class RefreshPolicies
{
    /// <summary>
    /// Whether the provider must be asked again. <paramref name="lastSync"/> is the last successful sync (null = never);
    /// <paramref name="specChanged"/> = generation or force-sync annotation differ from what was synced. A periodic refresh
    /// is due at the next slot boundary of any of its remote keys (<see cref="RefreshSchedule"/>), when its sync windows
    /// allow one at <paramref name="now"/> (<see cref="SyncWindowGate"/>).
    /// </summary>
    public static bool IsFetchDue(ExternalSecretResource es, DateTimeOffset? lastSync, bool specChanged, DateTimeOffset now, RefreshSchedule schedule)
    {
        if (lastSync is null || specChanged) return true;
        return es.RefreshPolicy switch
        {
            RefreshPolicyKind.CreatedOnce => false,
            RefreshPolicyKind.OnChange => false,
            _ => es.RefreshInterval > TimeSpan.Zero && now >= schedule.NextAfter(lastSync.Value) && SyncWindowGate.Allows(es.SyncWindows, now),
        };
    }

    /// <summary>
    /// When a synced object is next due for a fetch: the next slot boundary of its remote keys after the last sync for
    /// periodic refresh, moved to the first time after <paramref name="notBefore"/> its sync windows allow; null when only a
    /// spec change can trigger one (CreatedOnce, OnChange, interval 0, an allow window that never opens again).
    /// </summary>
    public static DateTimeOffset? NextFetch(ExternalSecretResource es, DateTimeOffset lastSync, RefreshSchedule schedule, DateTimeOffset? notBefore = null)
    {
        if (es.RefreshPolicy is not RefreshPolicyKind.Periodic || es.RefreshInterval <= TimeSpan.Zero) return null;
        var due = schedule.NextAfter(lastSync);
        if (es.SyncWindows is null) return due;
        return SyncWindowGate.FirstAllowed(es.SyncWindows, notBefore is { } t && t > due ? t : due);
    }

    /// <summary>A stable per-object jitter of up to 10% of the interval (capped at 1 minute), so schedules spread out.</summary>
    public static TimeSpan Jitter(string key, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) return TimeSpan.Zero;
        var max = TimeSpan.FromTicks(Math.Min(interval.Ticks / 10, TimeSpan.FromMinutes(1).Ticks));
        uint h = 2166136261;
        foreach (var c in key) h = (h ^ c) * 16777619;
        return TimeSpan.FromTicks((long)(max.Ticks * (h % 1000 / 1000.0)));
    }
}
