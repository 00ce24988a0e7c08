using System.Diagnostics;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests.Runtime.Sharding;

/// <summary>
/// Three real agent processes sharing 6 shards through Leases on the fake API server: each object is written by one
/// replica only (its shard's holder), a replica killed with SIGKILL is replaced by the survivors, a replica paused past
/// its Lease (SIGSTOP) in the middle of provider reads writes none of their stale answers when it wakes, and a replica
/// that joins gets its share.
/// </summary>
[Collection(RunAlone.Name)]
public sealed partial class ShardedAgentsTests
{
    private static readonly string[] Three = ["agent-a", "agent-b", "agent-c"];

    private static Task<ShardedAgents> StartBalancedAsync(params string[] identities) => StartBalancedAsync(_ => { }, identities);

    private static async Task<ShardedAgents> StartBalancedAsync(Action<ShardedAgents> setup, params string[] identities)
    {
        var cluster = await ShardedAgents.StartAsync();
        setup(cluster);
        foreach (var id in identities) cluster.Start(id);
        foreach (var id in identities) await cluster[id].UntilProbeAsync("/readyz", 200, "ok");
        await Poll.UntilAsync(() => cluster.Balanced(identities), "the shards are spread evenly", TimeSpan.FromSeconds(120));
        await Poll.UntilAsync(() => cluster.AllSynced(), "every Secret is written", TimeSpan.FromSeconds(120));
        return cluster;
    }

    [GeneratedRegex("/externalsecrets/(es-[0-9]+)/status$")]
    private static partial Regex StatusPath();

    [Fact]
    public async Task Each_change_is_written_once_by_the_holder_of_the_objects_shard_and_every_replica_takes_part()
    {
        await using var cluster = await StartBalancedAsync(Three);
        var mark = cluster.Requests.Count;

        cluster.ChangeAll("changed");
        await Poll.UntilAsync(() => cluster.AllSynced("changed"), "every Secret holds the changed key", TimeSpan.FromSeconds(120));
        await Poll.UntilAsync(() => cluster.Requests.Skip(mark).Count(r => r.Method == "PATCH" && StatusPath().IsMatch(r.Path)) >= cluster.Objects,
            "every status is written");

        var holders = cluster.Holders();
        var writes = cluster.Requests.Skip(mark).Where(ShardedAgents.IsObjectWrite).ToList();
        for (var i = 0; i < cluster.Objects; i++)
        {
            var name = $"es-{i}";
            var writers = writes.Where(r => r.Path.EndsWith("/secrets/" + name, StringComparison.Ordinal) || r.Path.EndsWith($"/externalsecrets/{name}/status", StringComparison.Ordinal))
                .Select(r => Three.Single(id => ShardedAgents.From(r, id))).Distinct().ToList();
            Assert.Equal([holders[cluster.ShardOf(i)]!], writers);
        }
        Assert.All(Three, id => Assert.Contains(writes, r => ShardedAgents.From(r, id)));
        Assert.DoesNotContain(writes, r => r.StatusCode == 409);
    }

    [Fact]
    public async Task The_survivors_take_over_the_shards_of_a_replica_killed_with_sigkill_and_sync_its_objects()
    {
        await using var cluster = await StartBalancedAsync(Three);

        await cluster["agent-c"].SignalAsync("KILL");
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(() => cluster.Balanced("agent-a", "agent-b"), "the survivors hold every shard", TimeSpan.FromSeconds(90));
        var takeover = clock.Elapsed;
        cluster.ChangeAll("after-kill");

        await Poll.UntilAsync(() => cluster.AllSynced("after-kill"), "the survivors sync every object", TimeSpan.FromSeconds(120));
        // the Lease lasts 15 s and the survivors look every 2 s; the rest is margin for a loaded machine
        Assert.True(takeover < TimeSpan.FromSeconds(45), $"took over after {takeover.TotalSeconds:0.0}s");
        foreach (var id in (string[])["agent-a", "agent-b"])
        {
            Assert.DoesNotContain("\"level\":\"warn\"", cluster[id].Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_replica_paused_past_its_lease_writes_nothing_after_it_wakes_until_it_holds_a_lease_again()
    {
        const int count = 24;
        await using var vault = await FakeVaultServer.StartAsync();
        await using var cluster = await StartBalancedAsync(c => c.AddVaultObjects(vault, count, "v0"), Three);
        await Poll.UntilAsync(() => Enumerable.Range(0, count).All(i => cluster.Value($"v-{i}", "p") == "v0"), "every Vault object is synced", TimeSpan.FromSeconds(120));
        var paused = cluster["agent-c"];
        var holders = cluster.Holders();
        var pausedObjects = Enumerable.Range(0, count).Where(i => holders[cluster.ShardOf($"v-{i}")] == "agent-c").ToList();
        Assert.NotEmpty(pausedObjects);

        // a new spec for every object: each replica reads its objects' keys, which Vault answers (v1) 10 s later; the
        // third replica is stopped as soon as one of its reads is in flight, and once its answers are out, Vault moves
        // on to v2 (the third replica's objects are read by it alone: it holds their shards)
        var mark = vault.Requests.Count;
        vault.InjectFault(FakeFault.Latency(TimeSpan.FromSeconds(10)), "kv-read", times: 3 * count); // should two replicas read one key
        for (var i = 0; i < count; i++)
        {
            vault.Kv2Put("secret", $"v/{i}", new Dictionary<string, string> { ["p"] = "v1" });
            var es = cluster.Server.TryGet(FakeResourceType.ExternalSecret, "default", $"v-{i}")!;
            es["spec"] = AgentCluster.Spec("vault", refresh: "1h", data: [("q", $"v/{i}", "p")]);
            cluster.Server.Replace(FakeResourceType.ExternalSecret, "default", $"v-{i}", es);
        }
        List<FakeRequest> PausedReads() => [.. vault.Requests.Skip(mark).Where(r => r.Operation == "kv-read" && pausedObjects.Any(i => ReadsKey(r, i)))];
        await Poll.UntilAsync(() => PausedReads().Count > 0, "the third replica reads one of its objects' keys");
        await paused.SignalAsync("STOP");
        var pausedReads = PausedReads();
        var inFlight = pausedObjects.Where(i => pausedReads.Any(r => ReadsKey(r, i)) && cluster.Value($"v-{i}", "q") is null).ToList();
        Assert.True(inFlight.Count > 0, "the paused replica wrote what it read before it was stopped");
        vault.ClearFaults();
        await Poll.UntilAsync(() => pausedReads.All(vault.IsAnswered), "Vault answers the paused replica's reads");
        for (var i = 0; i < count; i++) vault.Kv2Put("secret", $"v/{i}", new Dictionary<string, string> { ["p"] = "v2" });

        // the others take the paused replica's shards and sync its objects with v2
        await Poll.UntilAsync(() => cluster.Balanced("agent-a", "agent-b"), "the others take the paused replica's shards", TimeSpan.FromSeconds(90));
        await Poll.UntilAsync(() => inFlight.All(i => cluster.Value($"v-{i}", "q") == "v2"), "the others sync the paused replica's objects", TimeSpan.FromSeconds(120));
        // it wakes with its v1 answers waiting, and its first three Lease rounds fail (so it cannot learn from the API that
        // its Leases are gone): only the renew deadline on its own clock keeps it from writing them
        var woke = cluster.Requests.Count;
        var leaseOutage = cluster.Server.InjectFault("/leases/", 503, times: 3, userAgentContains: "(agent-c)");
        await paused.SignalAsync("CONT");
        await Poll.UntilAsync(() => leaseOutage.Remaining == 0, "the woken replica's Lease calls fail", TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(() => cluster.Balanced(Three), "the woken replica gets its share back", TimeSpan.FromSeconds(120));

        // none of its stale v1 answers is written
        Assert.All(inFlight, i => Assert.Equal("v2", cluster.Value($"v-{i}", "q")));
        var after = cluster.Requests.Skip(woke).Where(r => ShardedAgents.From(r, "agent-c")).ToList();
        var firstLeaseWrite = after.FindIndex(r => r.Method == "PUT" && r.Path.Contains("/leases/", StringComparison.Ordinal) && r.StatusCode == 200);
        Assert.True(firstLeaseWrite >= 0);
        Assert.DoesNotContain(after.Take(firstLeaseWrite), ShardedAgents.IsObjectWrite);
    }

    private static bool ReadsKey(FakeRequest r, int i) => r.PathAndQuery.Split('?')[0] == $"/v1/secret/data/v/{i}";

    [Fact]
    public async Task A_replica_that_joins_gets_its_share_of_the_shards_without_reading_objects_one_by_one()
    {
        await using var cluster = await StartBalancedAsync("agent-a", "agent-b");
        var joined = cluster.Start("agent-c");
        await joined.UntilProbeAsync("/readyz", 200, "ok");

        await Poll.UntilAsync(() => cluster.Balanced(Three), "the shards are spread over the three", TimeSpan.FromSeconds(120));
        await Poll.UntilAsync(() => joined.Stdout.Contains("\"msg\":\"owned shards changed\"", StringComparison.Ordinal), "the joined replica logs its shards");

        var reads = cluster.Requests.Where(r => ShardedAgents.From(r, "agent-c") && r.Method == "GET").ToList();
        Assert.DoesNotContain(reads, r => Regex.IsMatch(r.Path, "/(externalsecrets|secrets)/[^/]+$"));
        Assert.DoesNotContain(cluster.Requests, r => r.Path.EndsWith("/secrets", StringComparison.Ordinal) && r.Method == "POST" && r.StatusCode == 409);
    }
}
