using SecretsKit.Agent.Reconcile.Queue;

namespace SecretsKit.Agent.Tests.Reconcile.Queue;

public sealed class IdleCompactionTests
{
    [Fact]
    public async Task Compacts_once_per_burst_of_enough_reconciles_and_not_again_within_the_interval()
    {
        var runs = 0;
        var compaction = new IdleCompaction(100, TimeSpan.FromHours(1), TimeProvider.System, () => Interlocked.Increment(ref runs));

        Assert.False(compaction.OnIdle(99)); // a small burst: not worth a full collection
        Assert.True(compaction.OnIdle(100));
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 1, "the compaction runs");
        Assert.False(compaction.OnIdle(150)); // too few since the last one
        Assert.False(compaction.OnIdle(300)); // enough, but within the interval

        Assert.Equal(1, compaction.Count);
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task After_the_interval_the_next_burst_compacts_again_and_zero_switches_it_off()
    {
        var runs = 0;
        var compaction = new IdleCompaction(10, TimeSpan.Zero, TimeProvider.System, () => Interlocked.Increment(ref runs));
        var off = new IdleCompaction(0, TimeSpan.Zero, TimeProvider.System, () => throw new InvalidOperationException("must not run"));

        Assert.True(compaction.OnIdle(10));
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 1, "the first compaction runs");
        await Poll.UntilAsync(() => compaction.OnIdle(20), "the second burst compacts once the first is done");
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 2, "the second compaction runs");

        Assert.False(off.OnIdle(1_000_000));
    }
}
