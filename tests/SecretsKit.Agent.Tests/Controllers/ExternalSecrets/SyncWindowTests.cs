using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>
/// <c>spec.syncWindows</c> through the Kubernetes API fake with the chart's CRDs, as ESO v2.9 applies them: only periodic
/// refreshes are gated (the first sync and a spec change always run), windows are evaluated in UTC, both ends included.
/// The manual clock starts at 2026-01-01T00:00:00Z.
/// </summary>
public sealed class SyncWindowTests
{
    private static JsonObject WindowedSpec(string kind, string schedule, string duration)
    {
        var spec = Spec("fake", refresh: "1h", data: [("k", "key", null)]);
        spec["syncWindows"] = new JsonObject
        {
            ["kind"] = kind,
            ["windows"] = new JsonArray(new JsonObject { ["schedule"] = schedule, ["duration"] = duration }),
        };
        return spec;
    }

    [Fact]
    public async Task A_deny_window_holds_periodic_refreshes_until_a_second_after_it_closes_but_not_the_first_sync_or_a_spec_change()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("key", "v")));
        c.ExternalSecret("default", "es", WindowedSpec("deny", "0 0 * * *", "3h")); // 00:00-03:00 UTC daily

        await c.PassAsync(); // 00:00, inside the window: the first sync runs
        Assert.Equal("v", c.Value("default", "es", "k"));
        Assert.Equal(1, c.Providers.FakeCalls.Total);

        foreach (var hour in new[] { 1, 1, 1 }) // 01:00, 02:00, 03:00 (the window's last second): due, held
        {
            c.Time.Advance(TimeSpan.FromHours(hour));
            await c.PassAsync();
            Assert.Equal(1, c.Providers.FakeCalls.Total);
        }
        Assert.Equal("True", c.ReadyStatus("default", "es"));

        c.Time.Advance(TimeSpan.FromSeconds(1)); // 03:00:01: closed
        await c.PassAsync();
        Assert.Equal(2, c.Providers.FakeCalls.Total);

        c.Time.SetUtcNow(new DateTimeOffset(2026, 1, 2, 0, 30, 0, TimeSpan.Zero)); // next day, inside the window again
        await c.PassAsync();
        Assert.Equal(2, c.Providers.FakeCalls.Total);
        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "es")!;
        es["metadata"]!["annotations"] = new JsonObject { ["force-sync"] = "1" };
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "es", es);
        await c.PassAsync(); // a spec change is not a periodic refresh
        Assert.Equal(3, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task An_allow_window_lets_periodic_refreshes_run_only_while_it_is_open()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("key", "v")));
        c.ExternalSecret("default", "es", WindowedSpec("allow", "0 3 * * *", "1h")); // 03:00-04:00 UTC daily

        await c.PassAsync(); // 00:00: the first sync runs outside the window
        Assert.Equal(1, c.Providers.FakeCalls.Total);
        c.Time.Advance(TimeSpan.FromHours(2)); // 02:00: due, closed
        await c.PassAsync();
        Assert.Equal(1, c.Providers.FakeCalls.Total);
        c.Time.Advance(TimeSpan.FromHours(1)); // 03:00: open
        await c.PassAsync();
        Assert.Equal(2, c.Providers.FakeCalls.Total);
        c.Time.Advance(TimeSpan.FromMinutes(90)); // 04:30: due again, closed
        await c.PassAsync();
        Assert.Equal(2, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task A_watching_agent_schedules_the_held_refresh_for_the_end_of_the_deny_window()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("key", "v")));
        c.ExternalSecret("default", "es", WindowedSpec("deny", "0 0 * * *", "3h"));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.ReadyStatus("default", "es") == "True", "the first sync");
        var closesAt = new DateTimeOffset(2026, 1, 1, 3, 0, 1, TimeSpan.Zero);
        await Poll.UntilAsync(() => c.Session.Scheduler.DueAt(EsKey("default", "es")) == closesAt, "the refresh is scheduled at 03:00:01");

        c.Time.SetUtcNow(closesAt);
        await Poll.UntilAsync(() => c.Providers.FakeCalls.Total == 2, "the held refresh runs when the window closes");
    }

    [Fact]
    public async Task A_window_duration_that_is_not_a_go_duration_is_reported_as_a_malformed_field()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("key", "v")));
        c.ExternalSecret("default", "es", WindowedSpec("deny", "0 0 * * *", "three hours"));
        await c.PassAsync();
        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.Contains("field spec.syncWindows.windows[0].duration must be a Go duration (e.g. 8h)", c.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.Equal(0, c.Providers.FakeCalls.Total);
    }
}
