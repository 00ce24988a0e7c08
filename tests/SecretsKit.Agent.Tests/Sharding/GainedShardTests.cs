using System.Text.Json.Nodes;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Reconcile.Sharding;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Sharding;

/// <summary>
/// What a replica does with the objects of a shard it gains (a takeover, a rebalance), through the API fake and the Vault
/// fake: another replica synced them, so the new holder schedules each at its next refresh from the status and the
/// cached target Secret, instead of queueing the whole shard at once; what is due or drifted is queued at once; the
/// objects of shards it did not gain are left alone.
/// </summary>
public sealed class GainedShardTests
{
    private const int Shards = 2;

    private static string KeyInShard(int shard, string avoid = "") =>
        Enumerable.Range(0, 100).Select(i => $"key-{i}").First(k => k != avoid && ShardKey.Of($"SecretStore/default/vault\n{k}", Shards) == shard);

    [Fact]
    public async Task A_gained_shard_schedules_what_another_replica_synced_at_its_next_refresh_and_repairs_drift_at_once()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync();
        c.VaultStore(vault);
        var (inGained, alsoInGained, inOther) = (KeyInShard(0), KeyInShard(0, avoid: KeyInShard(0)), KeyInShard(1));
        foreach (var key in new[] { inGained, alsoInGained, inOther }) vault.Kv2Put("secret", key, new Dictionary<string, string> { ["v"] = "value-of-" + key });
        c.ExternalSecret("default", "synced", Spec("vault", refresh: "10m", data: [("v", inGained, "v")]));
        c.ExternalSecret("default", "drifted", Spec("vault", refresh: "10m", data: [("v", alsoInGained, "v")]));
        c.ExternalSecret("default", "other", Spec("vault", refresh: "10m", data: [("v", inOther, "v")]));

        // replica A owns both shards and syncs everything, then goes away
        var ownedByA = new ShardOwnership(Shards, TimeSpan.FromHours(1), c.Time);
        ownedByA.Renewed(0, c.Time.GetTimestamp());
        ownedByA.Renewed(1, c.Time.GetTimestamp());
        var a = new AgentController(c.Client, Watching(), c.Providers, c.Metrics, c.Time, ownedByA);
        using (var stopA = new CancellationTokenSource())
        {
            var runA = Task.Run(() => a.RunAsync(stopA.Token));
            await Poll.UntilAsync(() => new[] { "synced", "drifted", "other" }.All(n => a.ExternalSecrets.Entries.Find("default", n)?.State is not null)
                && c.Value("default", "other", "v") == "value-of-" + inOther, "replica A synced all three");
            await stopA.CancelAsync();
            await runA;
        }
        var secret = c.TargetSecret("default", "drifted")!;
        secret["data"]!["v"] = Convert.ToBase64String("edited"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "drifted", secret);

        // replica B starts with no shard, its caches warm
        var ownedByB = new ShardOwnership(Shards, TimeSpan.FromHours(1), c.Time);
        var b = new AgentController(c.Client, Watching(), c.Providers, c.Metrics, c.Time, ownedByB);
        using var stopB = new CancellationTokenSource();
        var runB = Task.Run(() => b.RunAsync(stopB.Token));
        try
        {
            await Poll.UntilAsync(() => b.Session is { HasSynced: true } s && s.Queue.IsIdle, "replica B's watches listed, nothing to do");
            var reads = vault.CallCount("kv-read");

            ownedByB.Renewed(0, c.Time.GetTimestamp());
            await b.Session!.RequeueGained([0]);

            await Poll.UntilAsync(() => c.Value("default", "drifted", "v") == "value-of-" + alsoInGained, "the drifted Secret is repaired at once");
            var now = c.Time.GetUtcNow();
            var due = b.Session.Scheduler.DueAt(EsKey("default", "synced"));
            Assert.NotNull(due);
            Assert.InRange(due.Value, now + TimeSpan.FromTicks(1), now + TimeSpan.FromMinutes(10));
            var synced = b.ExternalSecrets.Entries.Find("default", "synced")!;
            Assert.Null(synced.State); // not reconciled: it waits for its refresh
            Assert.Null(synced.Series);
            // the other shard's object: nothing queued, kept or scheduled (the watch cache holds it, no entry does)
            Assert.Null(b.Session.Scheduler.DueAt(EsKey("default", "other")));
            Assert.Null(b.ExternalSecrets.Entries.Find("default", "other"));
            Assert.NotNull(b.Reads.TryGetCached(Kubernetes.ResourceTypes.ExternalSecret, "default", "other"));
            // one provider read: the drifted one's key, synced again because its Secret no longer holds what was written
            await Poll.UntilAsync(() => b.Session.Queue.IsIdle, "the drift repair is done");
            Assert.Equal(reads + 1, vault.CallCount("kv-read"));

            // at its refresh the scheduled one is synced by replica B
            c.Time.SetUtcNow(due.Value);
            await Poll.UntilAsync(() => synced.Series is { Calls: 1 } && synced.State is not null, "synced at its refresh");
            Assert.True(vault.CallCount("kv-read") >= reads + 2, "its key is read at its refresh");
        }
        finally
        {
            await stopB.CancelAsync();
            await runB;
        }
    }
}
