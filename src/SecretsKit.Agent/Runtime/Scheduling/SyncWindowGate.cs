using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// ESO v2.9's sync windows: whether a periodic refresh may run at a time, and the first time at or after one when it may.
/// A window is open from a firing of its schedule until the firing plus its duration, both ends included; a schedule
/// that does not parse is never open (as ESO ignores it). Only periodic refreshes are gated: the first sync, a spec change
/// and force-sync always run.
/// </summary>
internal static class SyncWindowGate
{
    /// <summary>How many window edges <see cref="FirstAllowed"/> walks before it settles for a re-check at the last one.</summary>
    private const int MaxSteps = 256;

    public static bool Allows(SyncWindows? windows, DateTimeOffset at)
    {
        if (windows is null) return true;
        var anyOpen = Open(windows, at).Any();
        return windows.Allow ? anyOpen : !anyOpen;
    }

    /// <summary>
    /// The first time at or after <paramref name="from"/> when <see cref="Allows"/> holds (or a later time to look again,
    /// after many window edges); null when it never will (an allow list none of whose schedules fires again).
    /// </summary>
    public static DateTimeOffset? FirstAllowed(SyncWindows? windows, DateTimeOffset from)
    {
        if (windows is null) return from;
        var at = from;
        for (var step = 0; step < MaxSteps; step++)
        {
            if (Allows(windows, at)) return at;
            DateTimeOffset? next = windows.Allow
                // closed everywhere: the next firing of any window opens one
                ? Parsed(windows).Select(w => w.Schedule.Next(at)).Where(t => t is not null).Min()
                // open somewhere: look again just after the first open window closes
                : Open(windows, at).Min(w => w.Opened + w.Duration + TimeSpan.FromSeconds(1));
            if (next is not { } n) return null;
            at = n;
        }
        return at;
    }

    private static IEnumerable<(CronSchedule Schedule, TimeSpan Duration)> Parsed(SyncWindows windows) =>
        windows.Windows.Select(w => (Schedule: CronSchedule.TryParse(w.Schedule), w.Duration)).Where(w => w.Schedule is not null).Select(w => (w.Schedule!, w.Duration));

    /// <summary>The windows open at <paramref name="at"/>, each with the firing that opened it (robfig's Next is exclusive, hence the extra second).</summary>
    private static IEnumerable<(DateTimeOffset Opened, TimeSpan Duration)> Open(SyncWindows windows, DateTimeOffset at)
    {
        foreach (var (schedule, duration) in Parsed(windows))
        {
            if (schedule.Next(at - duration - TimeSpan.FromSeconds(1)) is { } opened && opened <= at && at <= opened + duration) yield return (opened, duration);
        }
    }
}
