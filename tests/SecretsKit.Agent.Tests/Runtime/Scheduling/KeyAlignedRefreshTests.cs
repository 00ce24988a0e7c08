using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Agent.Runtime.Scheduling;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Runtime.Scheduling;

/// <summary>Refresh schedules aligned per remote key: one provider read per key per interval, for as long as the agent runs.</summary>
public sealed class KeyAlignedRefreshTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Twenty_external_secrets_on_one_key_read_the_provider_exactly_once_per_interval_for_twenty_intervals()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { Concurrency = 4 }));
        c.Store("default", "fake", FakeProvider(("shared", "v")));
        var names = Enumerable.Range(0, 20).Select(i => $"es-{i}").ToList();
        foreach (var name in names) c.ExternalSecret("default", name, Spec("fake", refresh: "10s", data: [("k", "shared", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => names.All(n => c.ReadyStatus("default", n) == "True"), "all 20 are synced");
        await WaitForAllScheduledAsync(c, names);
        var afterFirstSync = c.Providers.FakeCalls.Total;
        Assert.Equal(1, afterFirstSync);

        for (var interval = 1; interval <= 20; interval++)
        {
            c.Time.Advance(Interval);
            await WaitForAllScheduledAsync(c, names);
            Assert.Equal(afterFirstSync + interval, c.Providers.FakeCalls.Total);
        }
        Assert.Equal(20, c.Providers.FakeCalls.Total - afterFirstSync);
        var due = names.Select(n => c.Session.Scheduler.DueAt(EsKey("default", n))).Distinct().ToList();
        Assert.Single(due); // still one shared schedule after 20 rounds
    }

    [Fact]
    public async Task Extract_and_find_share_one_read_per_interval_each_across_external_secrets()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { Concurrency = 4 }));
        c.Store("default", "fake", FakeProvider(("app/json", """{"user":"u","password":"p"}"""), ("app/other", "o")));
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add($"extract-{i}");
            c.ExternalSecret("default", $"extract-{i}", DataFrom(new JsonObject { ["extract"] = new JsonObject { ["key"] = "app/json" } }));
            names.Add($"find-{i}");
            c.ExternalSecret("default", $"find-{i}", DataFrom(new JsonObject { ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = "^app/" } } }));
        }
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => names.All(n => c.ReadyStatus("default", n) == "True"), "all 10 are synced");
        await WaitForAllScheduledAsync(c, names);
        Assert.Equal(2, c.Providers.FakeCalls.Total); // one extract read, one find

        for (var interval = 1; interval <= 10; interval++)
        {
            c.Time.Advance(Interval);
            await WaitForAllScheduledAsync(c, names);
            Assert.Equal(2 + (2 * interval), c.Providers.FakeCalls.Total);
        }
        Assert.Equal("p", c.Value("default", "extract-3", "password"));
        Assert.Equal("o", c.Value("default", "find-3", "app_other"));
    }

    [Fact]
    public void Slots_of_one_key_are_the_same_for_every_caller_and_keys_spread_over_the_interval()
    {
        var interval = TimeSpan.FromMinutes(1);
        var t = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var id = KeySlots.KeyId("SecretStore/default/vault", "bench/key-001", null);
        var start = KeySlots.SlotStart(id, interval, t);
        Assert.InRange(t - start, TimeSpan.Zero, interval - TimeSpan.FromTicks(1));
        Assert.Equal(start, KeySlots.SlotStart(id, interval, start)); // a boundary starts its own slot
        Assert.Equal(start + interval, KeySlots.NextBoundary(id, interval, start));
        Assert.Equal(start + interval, KeySlots.NextBoundary(id, interval, t + TimeSpan.FromTicks(1)));
        Assert.Equal(start + (60 * interval), KeySlots.NextBoundary(id, interval, start + (60 * interval) - TimeSpan.FromTicks(1)));

        var phases = Enumerable.Range(0, 1000)
            .Select(k => (KeySlots.SlotStart(KeySlots.KeyId("SecretStore/default/vault", $"bench/key-{k:D3}", null), interval, t) - t + interval).TotalSeconds)
            .Select(s => (int)s % 60).ToList();
        var perSecond = phases.GroupBy(s => s).Select(g => g.Count()).ToList();
        Assert.Equal(60, perSecond.Count); // every second of the minute has some keys
        Assert.True(perSecond.Max() < 40, $"at most {perSecond.Max()} of 1,000 keys fall in one second");
    }

    private static JsonObject DataFrom(JsonObject entry) => new()
    {
        ["refreshInterval"] = "10s",
        ["secretStoreRef"] = new JsonObject { ["name"] = "fake", ["kind"] = "SecretStore" },
        ["dataFrom"] = new JsonArray(entry),
    };

    /// <summary>Every ExternalSecret has been reconciled for the current clock: its next refresh lies in the future.</summary>
    private static Task WaitForAllScheduledAsync(AgentCluster c, IReadOnlyList<string> names) =>
        Poll.UntilAsync(() => names.All(n => c.Session.Scheduler.DueAt(EsKey("default", n)) is { } due && due > c.Time.GetUtcNow()),
            "every ExternalSecret has its next refresh scheduled after the current time");
}
