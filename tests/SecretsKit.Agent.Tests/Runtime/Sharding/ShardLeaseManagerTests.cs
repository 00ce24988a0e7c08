using SecretsKit.Agent.Runtime.Sharding;

namespace SecretsKit.Agent.Tests.Runtime.Sharding;

/// <summary>
/// Two replicas' shard-Lease rounds against the fake API server on a clock the test steps (wall and monotonic time
/// together): a holder that stops renewing stops owning at its renew deadline, before the other may take the Lease at
/// the lease duration; a replica that asks for a share gets it from the holder's surplus; at no step do two own one shard.
/// </summary>
public sealed class ShardLeaseManagerTests
{
    private const int Shards = 4;

    /// <summary>Wall clock and monotonic timestamps that move only when the test says (a paused process sees the same).</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Start.AddTicks(_ticks);

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed record Replica(ShardOwnership Ownership, ShardLeaseManager Leases);

    private static Replica Start(AgentCluster c, TimeProvider clock, string identity)
    {
        var ownership = new ShardOwnership(Shards, TimeSpan.FromSeconds(10), clock);
        return new Replica(ownership, new ShardLeaseManager(c.Client, "default", identity, ownership, clock) { LeaseDuration = TimeSpan.FromSeconds(15) });
    }

    private static void AssertExclusive(params Replica[] replicas)
    {
        for (var shard = 0; shard < Shards; shard++)
        {
            Assert.True(replicas.Count(r => r.Ownership.Owns(shard)) <= 1, $"shard {shard} is owned twice");
        }
    }

    [Fact]
    public async Task A_holder_that_stops_renewing_stops_owning_at_the_renew_deadline_before_the_other_may_take_its_leases()
    {
        await using var c = await AgentCluster.StartAsync();
        var clock = new SteppedClock();
        var a = Start(c, clock, "agent-a");
        var b = Start(c, clock, "agent-b");
        await a.Leases.TickAsync(CancellationToken.None);
        await b.Leases.TickAsync(CancellationToken.None);
        Assert.Equal([0, 1, 2, 3], a.Ownership.Owned);
        Assert.Empty(b.Ownership.Owned);

        // a is paused from here on: b keeps looking every 2 s
        for (var second = 2; second <= 20; second += 2)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            AssertExclusive(a, b);
            await b.Leases.TickAsync(CancellationToken.None);
            AssertExclusive(a, b);
            if (second >= 10) Assert.Empty(a.Ownership.Owned); // fenced at its renew deadline, with nothing renewed
            if (second < 15) Assert.Empty(b.Ownership.Owned); // the Lease is taken only once it went unrenewed for 15 s
        }
        Assert.Equal([0, 1, 2, 3], b.Ownership.Owned);
        // taken over: each shard says until when a worked on it, its last renewal (at 0 s), not when b took it
        var taken = b.Leases.TakeGained();
        Assert.Equal([0, 1, 2, 3], taken.Shards);
        Assert.All(taken.Shards, shard => Assert.Equal(SteppedClock.Start, taken.WorkedUntil(shard)));

        // a wakes up: its first round sees the other holder and owns nothing (it asks for a share instead)
        await a.Leases.TickAsync(CancellationToken.None);
        Assert.Empty(a.Ownership.Owned);
        AssertExclusive(a, b);
    }

    /// <summary>
    /// A round that came too late (at 100,000 ExternalSecrets the Lease requests queued behind a takeover's writes in the
    /// client's rate limit) lets ownership lapse, and the work dequeued meanwhile is dropped as another replica's. When the
    /// renewal then succeeds, the round reports the shards as gained, so their objects are queued again: before, they
    /// were never reconciled again (300 of 1,000 changed Secrets still stale 13 minutes after the change, 2026-11-25).
    /// </summary>
    [Fact]
    public async Task A_renewal_after_ownership_lapsed_counts_as_a_gain_and_a_timely_one_does_not()
    {
        await using var c = await AgentCluster.StartAsync();
        var clock = new SteppedClock();
        var a = Start(c, clock, "agent-a");
        Assert.True(await a.Leases.TickAsync(CancellationToken.None)); // acquired
        var created = a.Leases.TakeGained();
        Assert.Equal([0, 1, 2, 3], created.Shards);
        Assert.Null(created.WorkedUntil(0)); // Leases this replica created: nobody held them before
        Assert.Equal(0, a.Leases.TakeGained().Count); // taken once
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await a.Leases.TickAsync(CancellationToken.None)); // renewed in time: nothing to queue again
        Assert.Equal(0, a.Leases.TakeGained().Count);
        Assert.Equal([0, 1, 2, 3], a.Ownership.Owned);

        clock.Advance(TimeSpan.FromSeconds(12)); // past the 10 s renew deadline, before the 15 s lease duration
        Assert.Empty(a.Ownership.Owned);
        Assert.True(await a.Leases.TickAsync(CancellationToken.None), "the shards owned again after a lapse are reported as gained");
        var regained = a.Leases.TakeGained();
        Assert.Equal([0, 1, 2, 3], regained.Shards);
        Assert.Equal(SteppedClock.Start.AddSeconds(2), regained.WorkedUntil(3)); // its last renewal before the lapse
        Assert.Equal([0, 1, 2, 3], a.Ownership.Owned);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await a.Leases.TickAsync(CancellationToken.None));
        Assert.Equal(0, a.Leases.TakeGained().Count);
    }

    [Fact]
    public async Task A_replica_that_asks_for_a_share_gets_half_the_shards_from_the_holder_without_waiting_for_expiry()
    {
        await using var c = await AgentCluster.StartAsync();
        var clock = new SteppedClock();
        var a = Start(c, clock, "agent-a");
        var b = Start(c, clock, "agent-b");
        await a.Leases.TickAsync(CancellationToken.None);

        for (var round = 0; round < 4 && b.Ownership.Owned.Count < Shards / 2; round++)
        {
            await b.Leases.TickAsync(CancellationToken.None); // asks (annotation), then takes what was released
            AssertExclusive(a, b);
            await a.Leases.TickAsync(CancellationToken.None); // hands over: stops work at once, releases one round later
            AssertExclusive(a, b);
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(Shards / 2, b.Ownership.Owned.Count);
        Assert.Equal(Shards / 2, a.Ownership.Owned.Count);
        Assert.Empty(a.Ownership.Owned.Intersect(b.Ownership.Owned));
    }
}
