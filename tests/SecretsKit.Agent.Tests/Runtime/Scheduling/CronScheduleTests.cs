using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Scheduling;

namespace SecretsKit.Agent.Tests.Runtime.Scheduling;

/// <summary>The cron schedules of <c>spec.syncWindows</c>, read as ESO v2.9 reads them (robfig/cron v3, 5 fields + descriptors, UTC).</summary>
public sealed class CronScheduleTests
{
    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second = 0) => new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData("0 22 * * *", "2026-06-01T21:59:59Z", "2026-06-01T22:00:00Z")]
    [InlineData("0 22 * * *", "2026-06-01T22:00:00Z", "2026-06-02T22:00:00Z")] // strictly after
    [InlineData("*/15 9-17 * * mon-fri", "2026-06-05T17:50:00Z", "2026-06-08T09:00:00Z")] // Friday evening → Monday
    [InlineData("0 0 1 jan *", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 12 13 * 5", "2026-06-01T00:00:00Z", "2026-06-05T12:00:00Z")] // day of month OR day of week when both are set
    [InlineData("0 12 13 * *", "2026-06-01T00:00:00Z", "2026-06-13T12:00:00Z")]
    [InlineData("5/20 * * * ?", "2026-06-01T00:06:00Z", "2026-06-01T00:25:00Z")] // a/n = a-max/n
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("@weekly", "2026-06-01T00:00:00Z", "2026-06-07T00:00:00Z")]
    [InlineData("@monthly", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("@hourly", "2026-06-01T10:59:59.5Z", "2026-06-01T11:00:00Z")]
    [InlineData("@every 90m", "2026-06-01T10:00:00.25Z", "2026-06-01T11:30:00Z")]
    public void Next_firing_is_robfigs(string spec, string from, string expected)
    {
        var schedule = CronSchedule.TryParse(spec)!;
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.Next(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("60 * * * *")]
    [InlineData("* * * *")]
    [InlineData("* * * * * *")]
    [InlineData("0 0 31-1 * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("0 0 * * 7")]
    [InlineData("0 0 * foo *")]
    [InlineData("@fortnightly")]
    [InlineData("@every soon")]
    public void Schedules_robfig_refuses_do_not_parse(string spec) => Assert.Null(CronSchedule.TryParse(spec));

    [Fact]
    public void A_schedule_that_never_fires_within_five_years_has_no_next_firing() =>
        Assert.Null(CronSchedule.TryParse("0 0 31 2 *")!.Next(At(2026, 1, 1, 0, 0)));

    private static SyncWindows Windows(bool allow, params (string, string)[] windows) =>
        SyncWindows.Parse(new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = allow ? "allow" : "deny",
            ["windows"] = new System.Text.Json.Nodes.JsonArray([.. windows.Select(w => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["schedule"] = w.Item1, ["duration"] = w.Item2 })]),
        }, new SpecReader(new System.Text.Json.Nodes.JsonObject()))!;

    // ESO's TestIsWithinSyncWindow: a 22:00 UTC daily window of 2 h is open at 22:00 and at 00:00 (both included), not a second later
    [Theory]
    [InlineData(22, 0, 0, 0, true)]
    [InlineData(22, 30, 0, 0, true)]
    [InlineData(0, 0, 0, 1, true)]
    [InlineData(0, 0, 1, 1, false)]
    [InlineData(21, 0, 0, 0, false)]
    [InlineData(3, 0, 0, 1, false)]
    public void A_window_is_open_from_its_firing_to_firing_plus_duration_both_included(int hour, int minute, int second, int dayOffset, bool open)
    {
        var at = At(2026, 6, 1, hour, minute, second).AddDays(dayOffset);
        Assert.Equal(!open, SyncWindowGate.Allows(Windows(false, ("0 22 * * *", "2h")), at));
        Assert.Equal(open, SyncWindowGate.Allows(Windows(true, ("0 22 * * *", "2h")), at));
    }

    [Fact]
    public void Unparseable_schedules_are_never_open_and_the_first_allowed_time_skips_to_the_next_window_edge()
    {
        var deny = Windows(false, ("not a cron", "1h"), ("0 9 * * *", "1h"), ("30 9 * * *", "1h"));
        Assert.True(SyncWindowGate.Allows(deny, At(2026, 6, 1, 8, 0)));
        // 09:00-10:00 and 09:30-10:30 overlap: allowed again one second after the later one closes
        Assert.Equal(At(2026, 6, 1, 10, 30, 1), SyncWindowGate.FirstAllowed(deny, At(2026, 6, 1, 9, 15)));

        var allow = Windows(true, ("0 9 * * 1-5", "1h"));
        Assert.Equal(At(2026, 6, 8, 9, 0), SyncWindowGate.FirstAllowed(allow, At(2026, 6, 6, 12, 0))); // Saturday → Monday 09:00
        Assert.Null(SyncWindowGate.FirstAllowed(Windows(true, ("broken", "1h")), At(2026, 6, 1, 0, 0)));
    }
}
