using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Runtime;

/// <summary>Reconciles read stores, Namespaces and managed Secrets from watch-fed caches and write only what changed.</summary>
public sealed class WatchCacheTests
{
    private static readonly string[] Names = ["via-store", "via-cluster-store"];

    [Theory]
    [InlineData(60, 0)] // default: refreshTime coalesced, an unchanged refresh writes nothing
    [InlineData(0, 2)] // as ESO: refreshTime written on every refresh, once per ExternalSecret
    public async Task Idle_agent_makes_no_gets_and_an_unchanged_refresh_writes_at_most_the_status_refresh_time(int refreshTimeMaxAgeMinutes, int statusPatches)
    {
        await using var c = await StartAsync(Watching(new AgentOptions { RefreshTimeMaxAge = TimeSpan.FromMinutes(refreshTimeMaxAgeMinutes) }));
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.Store(null, "shared", FakeProvider(("k", "v")), conditions: new JsonArray(new JsonObject { ["namespaces"] = new JsonArray("default") }));
        c.ExternalSecret("default", "via-store", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        c.ExternalSecret("default", "via-cluster-store", Spec("shared", storeKind: "ClusterSecretStore", refresh: "10m", data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => Names.All(n => c.ReadyStatus("default", n) == "True"), "both are synced");
        await WaitIdleAsync(c);
        var before = c.Server.Requests.Count;
        var readsBefore = c.Controller.Reads.ApiGets;

        c.Time.Advance(TimeSpan.FromMinutes(10)); // one refresh slot of each key, and two store revalidations (every 5 minutes)
        await Poll.UntilAsync(() => c.Providers.FakeCalls.Total == 4, "each key was read again");
        await WaitIdleAsync(c);

        var during = c.Server.Requests.Skip(before).ToList();
        Assert.DoesNotContain(during, r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal));
        Assert.DoesNotContain(during, r => r.Path.Contains("/secrets", StringComparison.Ordinal) && r.Method != "GET");
        Assert.DoesNotContain(during, r => r.Path.Contains("/secretstores", StringComparison.Ordinal) && r.Method != "GET");
        Assert.DoesNotContain(during, r => r.Path.Contains("/events", StringComparison.Ordinal));
        var patches = during.Where(r => r.Method == "PATCH" && r.Path.EndsWith("/status", StringComparison.Ordinal)).ToList();
        Assert.Equal(statusPatches, patches.Count);
        Assert.All(patches, r => Assert.Contains("/externalsecrets/", r.Path, StringComparison.Ordinal));
        Assert.Equal(statusPatches, during.Count(r => r.Method != "GET")); // no other write of any kind
        Assert.Contains("secretskit_externalsecret_sync_age_seconds{name=\"via-store\",namespace=\"default\"} 0\n", c.Metrics.Render(), StringComparison.Ordinal);
        Assert.Equal(readsBefore, c.Controller.Reads.ApiGets);
    }

    [Fact]
    public async Task Hand_edited_secret_is_repaired_from_the_cache_without_a_get_and_a_changed_value_writes_each_secret_once()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "fake", FakeProvider(("k", "v1"), ("other", "o")));
        c.ExternalSecret("default", "a", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        c.ExternalSecret("default", "b", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        c.ExternalSecret("default", "c", Spec("fake", refresh: "10m", data: [("o", "other", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "a", "k") == "v1" && c.Value("default", "b", "k") == "v1" && c.Value("default", "c", "o") == "o", "all synced");
        await WaitIdleAsync(c, "a", "b", "c");

        var before = c.Server.Requests.Count;
        var secret = c.TargetSecret("default", "a")!;
        secret["data"]!["k"] = Convert.ToBase64String("tampered"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "a", secret);
        await Poll.UntilAsync(() => c.Value("default", "a", "k") == "v1", "the edit is reverted");
        Assert.DoesNotContain(c.Server.Requests.Skip(before), r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal));

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"]!["provider"] = FakeProvider(("k", "v2"), ("other", "o"));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
        await Poll.UntilAsync(() => c.Controller.Reads.CacheFor(SecretsKit.Kubernetes.ResourceTypes.SecretStore, null, null)
            .TryGet("default", "fake")?["metadata"]?["generation"]?.GetValue<long>() == 2 && c.Session.Queue.Count == 0, "the agent's store cache has the new spec");
        before = c.Server.Requests.Count;
        c.Time.Advance(TimeSpan.FromMinutes(10));
        await Poll.UntilAsync(() => c.Value("default", "a", "k") == "v2" && c.Value("default", "b", "k") == "v2", "the new value is synced");
        await WaitIdleAsync(c, "a", "b", "c");
        var writes = c.Server.Requests.Skip(before).Where(r => r.Path.Contains("/secrets/", StringComparison.Ordinal) && r.Method is "PUT" or "POST" or "PATCH").ToList();
        Assert.Equal(2, writes.Count);
        Assert.Contains(writes, r => r.Path.EndsWith("/secrets/a", StringComparison.Ordinal));
        Assert.Contains(writes, r => r.Path.EndsWith("/secrets/b", StringComparison.Ordinal));
    }

    private static Task WaitIdleAsync(AgentCluster c, params string[] names) =>
        Poll.UntilAsync(() => (names.Length == 0 ? Names : names).All(n => c.Session.Scheduler.DueAt(EsKey("default", n)) is { } due && due > c.Time.GetUtcNow())
            && c.Session.Queue.Count == 0 && !(names.Length == 0 ? Names : names).Any(n => c.Session.Queue.IsProcessing(EsKey("default", n))),
            "every ExternalSecret is reconciled for the current time and the queue is idle");
}
