using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Runtime;

public sealed class WatchDrivenReconcileTests
{
    private static void SetProvider(AgentCluster c, string ns, string store, JsonObject provider)
    {
        var obj = c.Server.TryGet(FakeResourceType.SecretStore, ns, store)!;
        obj["spec"]!["provider"] = provider;
        c.Server.Replace(FakeResourceType.SecretStore, ns, store, obj);
    }

    [Fact]
    public async Task New_external_secret_is_synced_from_its_watch_event_and_refreshed_by_its_timer()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        await using var running = await c.WatchAsync();

        c.ExternalSecret("default", "es", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v1", "the new ExternalSecret is synced");
        Assert.Equal(1, c.Providers.FakeCalls.Total);
        await Poll.UntilAsync(() => c.Session.Scheduler.DueAt(EsKey("default", "es")) is not null, "the next refresh is scheduled");
        var due = c.Session.Scheduler.DueAt(EsKey("default", "es"))!.Value;
        Assert.InRange(due - c.Time.GetUtcNow(), TimeSpan.FromTicks(1), TimeSpan.FromMinutes(10)); // the key's next slot boundary

        SetProvider(c, "default", "fake", FakeProvider(("k", "v2")));
        await Poll.UntilAsync(() => c.Controller.Reads.CacheFor(SecretsKit.Kubernetes.ResourceTypes.SecretStore, null, null)
            .TryGet("default", "fake")?["metadata"]?["generation"]?.GetValue<long>() == 2, "the agent's store cache has the new spec");
        c.Time.Advance((due - c.Time.GetUtcNow()) / 2);
        Assert.Equal("v1", c.Value("default", "es", "k"));

        c.Time.Advance(due - c.Time.GetUtcNow());
        await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v2", "the timer refreshes the secret");
        Assert.Equal(2, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task Edited_or_deleted_target_is_repaired_on_the_secret_event_without_a_provider_call()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v", "initial sync");
        var calls = c.Providers.FakeCalls.Total;

        var secret = c.TargetSecret("default", "es")!;
        secret["data"]!["k"] = Convert.ToBase64String("tampered"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "es", secret);
        await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v", "the edit is reverted");

        c.Server.Delete(FakeResourceType.Secret, "default", "es");
        await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v", "the deleted secret is recreated");

        // the repair counts after its write lands, so the Secret can be seen before the counter moves
        await Poll.UntilAsync(() => c.Metrics.Render().Contains("secretskit_drift_repairs_total 2\n", StringComparison.Ordinal), "both repairs are counted");
        Assert.Equal(calls, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task A_deleted_external_secret_leaves_no_metric_series_behind()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "gone", Spec("fake", data: [("k", "k", null)]));
        c.ExternalSecret("default", "kept", Spec("fake", data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "gone", "k") == "v" && c.Value("default", "kept", "k") == "v", "both are synced");
        await Poll.UntilAsync(() => c.Metrics.Render().Contains("name=\"gone\"", StringComparison.Ordinal), "the series of 'gone' exist");

        c.Server.Delete(FakeResourceType.ExternalSecret, "default", "gone");

        await Poll.UntilAsync(() => !c.Metrics.Render().Contains("name=\"gone\"", StringComparison.Ordinal), "the series of 'gone' are dropped");
        Assert.Contains("name=\"kept\"", c.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_change_resyncs_at_once_and_status_only_updates_do_not_requeue()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("a", "1"), ("b", "2")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("x", "a", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.ReadyStatus("default", "es") == "True", "initial sync");
        await Poll.UntilAsync(() => c.Session.Scheduler.DueAt(EsKey("default", "es")) is not null
            && c.Session.Scheduler.DueAt(new QueueKey("Store", "default", "fake")) is not null
            && c.Session.Scheduler.DueAt(ExternalSecretController.RolloutFlushKey) is not null
            && c.Session.Queue.Count == 0, "the store, the ExternalSecret and the rollout flush were each reconciled");
        var reconciles = c.Session.Reconciles;

        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "es")!;
        es["spec"] = Spec("fake", data: [("x", "b", null)]);
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "es", es);
        await Poll.UntilAsync(() => c.Value("default", "es", "x") == "2", "the spec change is synced");
        Assert.Equal(2, c.Providers.FakeCalls.Total);
        await Poll.UntilAsync(() => c.Session.Queue.Count == 0 && !c.Session.Queue.IsProcessing(EsKey("default", "es")), "the queue is idle");
        Assert.Equal(reconciles + 1, c.Session.Reconciles); // its own status write did not trigger another
    }

    [Fact]
    public async Task Namespace_scope_leaves_other_namespaces_alone()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { Namespace = "team-a" }));
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Store("team-a", "fake", FakeProvider(("k", "v")));
        c.Store("team-b", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("team-b", "outside", Spec("fake", data: [("k", "k", null)]));
        c.ExternalSecret("team-a", "inside", Spec("fake", data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();

        await Poll.UntilAsync(() => c.Value("team-a", "inside", "k") == "v", "the in-scope ExternalSecret is synced");
        await Poll.UntilAsync(() => c.Session.Queue.Count == 0, "the queue is idle");
        Assert.Null(c.TargetSecret("team-b", "outside"));
        Assert.Null(c.ReadyCondition("team-b", "outside"));
        Assert.Null(c.Server.TryGet(FakeResourceType.SecretStore, "team-b", "fake")!["status"]);
    }

    [Fact]
    public async Task Many_external_secrets_created_together_share_one_provider_call_per_key()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { Concurrency = 8 }));
        c.Store("default", "fake", FakeProvider([.. Enumerable.Range(0, 20).Select(i => ($"key-{i}", $"v{i}"))]));
        for (var i = 0; i < 200; i++) c.ExternalSecret("default", $"es-{i}", Spec("fake", refresh: "1h", data: [("v", $"key-{i % 20}", null)]));
        await using var running = await c.WatchAsync();

        await Poll.UntilAsync(() => Enumerable.Range(0, 200).All(i => c.ReadyStatus("default", $"es-{i}") == "True"), "all synced");
        Assert.Equal(20, c.Providers.FakeCalls.Total);
        Assert.Equal("v7", c.Value("default", "es-147", "v"));

        c.Time.Advance(TimeSpan.FromMinutes(62)); // past interval + the largest jitter
        await Poll.UntilAsync(() => Enumerable.Range(0, 200).All(i => c.Session.Scheduler.DueAt(EsKey("default", $"es-{i}")) > c.Time.GetUtcNow()), "every refresh ran");
        Assert.Equal(40, c.Providers.FakeCalls.Total);
    }
}
