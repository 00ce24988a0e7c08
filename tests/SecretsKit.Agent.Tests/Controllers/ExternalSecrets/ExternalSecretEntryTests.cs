using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Hosting;
using SecretsKit.Cloud.Fake;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>
/// The one state entry per ExternalSecret (<see cref="ExternalSecretEntry"/>), through the API fake and the Vault fake:
/// created when the watch first shows the object, the same object the reconciler, the timers and the metrics work
/// from, gone with everything in it when the object is deleted or its shard is another replica's.
/// </summary>
public sealed class ExternalSecretEntryTests
{
    private static ExternalSecretEntries Entries(AgentCluster c) => c.Controller.ExternalSecrets.Entries;

    [Fact]
    public async Task An_entry_is_created_on_first_sight_and_is_the_state_the_reconciler_timers_and_metrics_share()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(Watching());
        c.VaultStore(vault);
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["user"] = "u", ["password"] = "p" });
        await using var running = await c.WatchAsync();

        c.ExternalSecret("default", "es-a", Spec("vault", refresh: "10m", data: [("user", "app", "user"), ("password", "app", "password")]));
        c.ExternalSecret("default", "es-b", Spec("vault", refresh: "10m", target: new JsonObject { ["name"] = "shared-name" }, data: [("user", "app", "user")]));
        await Poll.UntilAsync(() => c.Value("default", "es-a", "password") == "p" && c.Value("default", "shared-name", "user") == "u", "both are synced");
        await Poll.UntilAsync(() => c.Session.Scheduler.DueAt(EsKey("default", "es-a")) is not null && c.Session.Scheduler.DueAt(EsKey("default", "es-b")) is not null,
            "both refreshes are scheduled");

        Assert.Equal(2, Entries(c).Count);
        var a = Entries(c).Find("default", "es-a")!;
        var b = Entries(c).Find("default", "es-b")!;
        // the reconciler's state lives in the entry
        Assert.Equal("p"u8.ToArray(), a.State!.Desired.Data["password"]);
        Assert.Same(a.Name, a.State.TargetName); // the target named like the object: one string, not two
        Assert.Equal("shared-name", b.TargetName);
        Assert.Same(b.TargetName, b.State!.TargetName);
        // the timer is keyed by the entry's own key, whose name is the entry's string (not a copy per map)
        Assert.Same(a.Name, c.Session.Scheduler.Keys.Single(k => k == a.Key).Name);
        // the metric series are the entry's
        Assert.Same(a.Name, a.Series!.Name);
        Assert.Equal(1, a.Series.Calls);
        Assert.Contains("externalsecret_sync_calls_total{name=\"es-a\",namespace=\"default\"} 1", c.Metrics.Render(), StringComparison.Ordinal);
        // the reverse index from a target Secret to its writers
        Assert.Same(b, Assert.Single(Entries(c).WritersOf("default", "shared-name")));
        // one provider read for the key both read
        Assert.Equal(1, vault.CallCount("kv-read"));

        // a drift repair reads the same entry and keeps it: no second object for the same ExternalSecret
        var secret = c.TargetSecret("default", "es-a")!;
        secret["data"]!["password"] = Convert.ToBase64String("tampered"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "es-a", secret);
        await Poll.UntilAsync(() => c.Value("default", "es-a", "password") == "p", "the edit is repaired from the entry's state");
        Assert.Same(a, Entries(c).Find("default", "es-a"));
        Assert.Equal(1, vault.CallCount("kv-read"));
    }

    [Fact]
    public async Task Deleting_an_external_secret_removes_its_entry_with_its_state_timer_target_and_metric_series()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "gone", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        c.ExternalSecret("default", "kept", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Session.Scheduler.DueAt(EsKey("default", "gone")) is not null && c.Session.Scheduler.DueAt(EsKey("default", "kept")) is not null,
            "both are synced and scheduled");
        var gone = Entries(c).Find("default", "gone")!;
        // no reconcile in flight: one that wrote the target after the deletion would leave a Secret the API fake keeps
        // (it collects dependents when their owner is deleted, not later) and the recreated object could not take over
        await Poll.UntilAsync(() => c.Session.Queue.IsIdle, "the work queue is idle");

        c.Server.Delete(FakeResourceType.ExternalSecret, "default", "gone");

        await Poll.UntilAsync(() => Entries(c).Find("default", "gone") is null && c.Session.Scheduler.DueAt(EsKey("default", "gone")) is null,
            "the entry and its timer are gone");
        Assert.Equal(1, Entries(c).Count);
        Assert.Empty(Entries(c).WritersOf("default", "gone"));
        Assert.DoesNotContain("name=\"gone\"", c.Metrics.Render(), StringComparison.Ordinal);
        Assert.Contains("name=\"kept\"", c.Metrics.Render(), StringComparison.Ordinal);

        // one of that name created again starts afresh: a new entry, nothing carried over
        c.ExternalSecret("default", "gone", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        // the state is stored before the sync call is counted: wait for both
        await Poll.UntilAsync(() => Entries(c).Find("default", "gone") is { State: not null, Series.Calls: > 0 }, "the new object is synced");
        var again = Entries(c).Find("default", "gone")!;
        Assert.NotSame(gone, again);
        Assert.Equal(1, again.Series!.Calls);
    }

    [Fact]
    public async Task An_entry_of_a_shard_this_replica_lost_goes_and_is_made_again_from_the_cache_when_the_shard_comes_back()
    {
        await using var c = await StartAsync();
        var shards = new ShardOwnership(1, TimeSpan.FromHours(1), c.Time);
        shards.Renewed(0, c.Time.GetTimestamp());
        var controller = new AgentController(c.Client, Watching(), c.Providers, c.Metrics, c.Time, shards);
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        c.ExternalSecret("default", "es", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => controller.RunAsync(stop.Token));
        try
        {
            var entries = controller.ExternalSecrets.Entries;
            await Poll.UntilAsync(() => entries.Find("default", "es")?.State is not null && controller.Session?.Scheduler.DueAt(EsKey("default", "es")) is not null,
                "synced and scheduled while the shard is owned");
            var entry = entries.Find("default", "es")!;
            Assert.Contains("name=\"es\"", c.Metrics.Render(), StringComparison.Ordinal);

            shards.Lost(0);
            var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "es")!;
            es["spec"] = Spec("fake", refresh: "10m", data: [("k2", "k", null)]);
            c.Server.Replace(FakeResourceType.ExternalSecret, "default", "es", es);

            // the spec change shows another replica's object: its entry goes, with its state, series, target and timer
            await Poll.UntilAsync(() => entries.Find("default", "es") is null && controller.Session!.Scheduler.DueAt(EsKey("default", "es")) is null,
                "the entry and its timer are dropped");
            Assert.Equal(0, entries.Count);
            Assert.Empty(entries.WritersOf("default", "es"));
            Assert.DoesNotContain("name=\"es\"", c.Metrics.Render(), StringComparison.Ordinal);
            // the watch cache still holds the object, for when the shard comes back
            Assert.NotNull(controller.Reads.TryGetCached(SecretsKit.Kubernetes.ResourceTypes.ExternalSecret, "default", "es"));
            Assert.Null(c.Value("default", "es", "k2"));

            // the shard comes back: its object is taken from the cache into a new entry, and synced (its status is stale)
            shards.Renewed(0, c.Time.GetTimestamp());
            await controller.Session!.RequeueGained(new GainedShards([0]));
            await Poll.UntilAsync(() => entries.Find("default", "es") is { State: not null } && c.Value("default", "es", "k2") == "v1", "synced again by this replica");
            var again = entries.Find("default", "es")!;
            Assert.NotSame(entry, again);
            Assert.Same(again, Assert.Single(entries.WritersOf("default", "es")));
            Assert.Equal(1, again.Series!.Calls);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
