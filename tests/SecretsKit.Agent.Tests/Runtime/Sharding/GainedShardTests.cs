using System.Text.Json.Nodes;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Runtime.Sharding;

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

    /// <summary>Replica A owns every shard, syncs <paramref name="names"/>, and goes away.</summary>
    private static async Task SyncOnAnotherReplicaAsync(AgentCluster c, params string[] names)
    {
        var ownedByA = new ShardOwnership(Shards, TimeSpan.FromHours(1), c.Time);
        for (var shard = 0; shard < Shards; shard++) ownedByA.Renewed(shard, c.Time.GetTimestamp());
        var a = new AgentController(c.Client, Watching(), c.Providers, c.Metrics, c.Time, ownedByA);
        using var stopA = new CancellationTokenSource();
        var runA = Task.Run(() => a.RunAsync(stopA.Token));
        await Poll.UntilAsync(() => names.All(n => a.ExternalSecrets.Entries.Find("default", n)?.State is not null)
            && a.Session is { } session && names.All(n => session.Scheduler.DueAt(EsKey("default", n)) is not null), "replica A synced them");
        await stopA.CancelAsync();
        await runA;
    }

    /// <summary>Replica B: its ownership, controller and run; disposing it stops it.</summary>
    private sealed record ReplicaB(AgentController Controller, ShardOwnership Owned, CancellationTokenSource Stop, Task Run) : IAsyncDisposable
    {
        public ControllerSession Session => Controller.Session!;

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Run;
            Stop.Dispose();
        }
    }

    /// <summary>Replica B, owning nothing yet (or what <paramref name="before"/> gives it before its watches start), its watches listed.</summary>
    private static async Task<ReplicaB> StartReplicaBAsync(AgentCluster c, Action<ShardOwnership>? before = null)
    {
        var owned = new ShardOwnership(Shards, TimeSpan.FromHours(1), c.Time);
        before?.Invoke(owned);
        var b = new AgentController(c.Client, Watching(), c.Providers, c.Metrics, c.Time, owned);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => b.RunAsync(stop.Token));
        await Poll.UntilAsync(() => b.Session is { HasSynced: true } s && s.Queue.IsIdle, "replica B's watches listed, nothing to do");
        return new ReplicaB(b, owned, stop, run);
    }

    /// <summary>
    /// 25 minutes on, clear of the key's refresh boundaries by a minute: the other replica refreshed it twice meanwhile
    /// without rewriting refreshTime (nothing changed).
    /// </summary>
    private static void AdvanceTwoIntervalsAndAHalf(AgentCluster c, string key)
    {
        var slot = KeySlots.KeyId("SecretStore/default/vault", key, null);
        c.Time.Advance(TimeSpan.FromMinutes(25));
        while (KeySlots.NextBoundary(slot, TimeSpan.FromMinutes(10), c.Time.GetUtcNow() - TimeSpan.FromMinutes(1)) <= c.Time.GetUtcNow())
        {
            c.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Not reconciled by replica B, but scheduled within its next refresh interval; returns when.</summary>
    private static DateTimeOffset AssertScheduledNotSynced(ReplicaB b, AgentCluster c, string name)
    {
        Assert.Null(b.Controller.ExternalSecrets.Entries.Find("default", name)!.State);
        var due = b.Session.Scheduler.DueAt(EsKey("default", name));
        Assert.NotNull(due);
        Assert.InRange(due.Value, c.Time.GetUtcNow() + TimeSpan.FromTicks(1), c.Time.GetUtcNow() + TimeSpan.FromMinutes(10));
        return due.Value;
    }

    /// <summary>
    /// The status's refreshTime is not rewritten by a refresh that changed nothing (<c>--refresh-time-max-age</c>, 1 h), so
    /// it may be intervals old when the shard moves. The Lease says until when the previous holder worked on the shard:
    /// an ExternalSecret that is Ready and holds its data counts as refreshed on every slot boundary up to then (less
    /// the hand-over lag), so it is scheduled at its next refresh instead of being read again at once.
    /// </summary>
    [Fact]
    public async Task A_refresh_time_older_than_the_previous_holders_last_renewal_is_trusted_up_to_that_renewal()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync();
        c.VaultStore(vault);
        var key = KeyInShard(0);
        vault.Kv2Put("secret", key, new Dictionary<string, string> { ["v"] = "value" });
        c.ExternalSecret("default", "quiet", Spec("vault", refresh: "10m", data: [("v", key, "v")]));
        await SyncOnAnotherReplicaAsync(c, "quiet");
        var refreshTime = c.Time.GetUtcNow();

        AdvanceTwoIntervalsAndAHalf(c, key);
        await using var b = await StartReplicaBAsync(c);
        var reads = vault.CallCount("kv-read");
        b.Owned.Renewed(0, c.Time.GetTimestamp());
        var gained = new GainedShards();
        gained.Add(0, c.Time.GetUtcNow() - TimeSpan.FromSeconds(5)); // its previous holder renewed 5 s ago
        await b.Session.RequeueGained(gained);
        await Poll.UntilAsync(() => b.Session.Queue.IsIdle, "nothing queued is left");

        AssertScheduledNotSynced(b, c, "quiet");
        Assert.Equal(reads, vault.CallCount("kv-read"));
        Assert.Equal(refreshTime, DateTimeOffset.Parse(c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "quiet")!["status"]!["refreshTime"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture));

        // with nobody known to have held it, the same object is synced at once: its refreshTime is intervals old
        b.Controller.ExternalSecrets.Entries.Remove(EsKey("default", "quiet"));
        b.Session.Scheduler.Cancel(EsKey("default", "quiet"));
        await b.Session.RequeueGained(new GainedShards([0]));
        await Poll.UntilAsync(() => vault.CallCount("kv-read") == reads + 1, "read again at once");
    }

    /// <summary>
    /// A replica just added gains its shards while its watches are still listing (at 100,000 objects the list outlasts
    /// the rebalance): the objects its first list shows in those shards are scheduled as after a gain, not read at once.
    /// </summary>
    [Fact]
    public async Task Objects_of_a_shard_gained_before_the_first_list_are_scheduled_as_after_a_gain()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync();
        c.VaultStore(vault);
        var (key, otherKey) = (KeyInShard(0), KeyInShard(1));
        vault.Kv2Put("secret", key, new Dictionary<string, string> { ["v"] = "value" });
        vault.Kv2Put("secret", otherKey, new Dictionary<string, string> { ["v"] = "value" });
        c.ExternalSecret("default", "quiet", Spec("vault", refresh: "10m", data: [("v", key, "v")]));
        c.ExternalSecret("default", "elsewhere", Spec("vault", refresh: "10m", data: [("v", otherKey, "v")]));
        await SyncOnAnotherReplicaAsync(c, "quiet", "elsewhere");
        AdvanceTwoIntervalsAndAHalf(c, key);
        var reads = vault.CallCount("kv-read");

        await using var b = await StartReplicaBAsync(c, owned =>
        {
            owned.Renewed(0, c.Time.GetTimestamp());
            owned.HandedOver(0, c.Time.GetUtcNow() - TimeSpan.FromSeconds(5));
        });

        // scheduled from the first list, or (when that list came before the Secrets' cache had synced) resumed by a
        // reconcile that trusts the same renewal: either way not read again, and due at its next refresh
        await Poll.UntilAsync(() => b.Session.Queue.IsIdle, "nothing queued is left");
        Assert.True(b.Controller.ExternalSecrets.Entries.Find("default", "quiet")!.State is null or { Resumed: true });
        var due = b.Session.Scheduler.DueAt(EsKey("default", "quiet"));
        Assert.NotNull(due);
        Assert.InRange(due.Value, c.Time.GetUtcNow() + TimeSpan.FromTicks(1), c.Time.GetUtcNow() + TimeSpan.FromMinutes(10));
        Assert.Null(b.Controller.ExternalSecrets.Entries.Find("default", "elsewhere")); // not its shard
        Assert.Equal(reads, vault.CallCount("kv-read"));
    }

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

        await SyncOnAnotherReplicaAsync(c, "synced", "drifted", "other");
        var secret = c.TargetSecret("default", "drifted")!;
        secret["data"]!["v"] = Convert.ToBase64String("edited"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "drifted", secret);

        // replica B starts with no shard, its caches warm
        await using var b = await StartReplicaBAsync(c);
        var reads = vault.CallCount("kv-read");

        b.Owned.Renewed(0, c.Time.GetTimestamp());
        await b.Session.RequeueGained(new GainedShards([0]));

        await Poll.UntilAsync(() => c.Value("default", "drifted", "v") == "value-of-" + alsoInGained, "the drifted Secret is repaired at once");
        var due = AssertScheduledNotSynced(b, c, "synced");
        var synced = b.Controller.ExternalSecrets.Entries.Find("default", "synced")!;
        Assert.Null(synced.Series);
        // the other shard's object: nothing queued, kept or scheduled (the watch cache holds it, no entry does)
        Assert.Null(b.Session.Scheduler.DueAt(EsKey("default", "other")));
        Assert.Null(b.Controller.ExternalSecrets.Entries.Find("default", "other"));
        Assert.NotNull(b.Controller.Reads.TryGetCached(Kubernetes.ResourceTypes.ExternalSecret, "default", "other"));
        // one provider read: the drifted one's key, synced again because its Secret no longer holds what was written
        await Poll.UntilAsync(() => b.Session.Queue.IsIdle, "the drift repair is done");
        Assert.Equal(reads + 1, vault.CallCount("kv-read"));

        // at its refresh the scheduled one is synced by replica B
        c.Time.SetUtcNow(due);
        await Poll.UntilAsync(() => synced.Series is { Calls: 1 } && synced.State is not null, "synced at its refresh");
        Assert.True(vault.CallCount("kv-read") >= reads + 2, "its key is read at its refresh");
    }
}
