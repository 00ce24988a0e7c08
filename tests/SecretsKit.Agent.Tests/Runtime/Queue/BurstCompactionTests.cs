using SecretsKit.Agent.Runtime.Queue;

namespace SecretsKit.Agent.Tests.Runtime.Queue;

public sealed class BurstCompactionTests
{
    [Fact]
    public async Task Compacts_once_per_burst_of_enough_reconciles_and_not_again_within_the_interval()
    {
        var runs = 0;
        var compaction = new BurstCompaction(100, TimeSpan.FromHours(1), TimeProvider.System, () => Interlocked.Increment(ref runs));

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
        var compaction = new BurstCompaction(10, TimeSpan.Zero, TimeProvider.System, () => Interlocked.Increment(ref runs));
        var off = new BurstCompaction(0, TimeSpan.Zero, TimeProvider.System, () => throw new InvalidOperationException("must not run"));

        Assert.True(compaction.OnIdle(10));
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 1, "the first compaction runs");
        await Poll.UntilAsync(() => compaction.OnIdle(20), "the second burst compacts once the first is done");
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 2, "the second compaction runs");

        Assert.False(off.OnIdle(1_000_000));
    }

    [Fact]
    public async Task A_queue_that_stays_busy_compacts_every_so_many_reconciles_but_not_more_often_than_its_interval()
    {
        var runs = 0;
        var hourly = new BurstCompaction(100, TimeSpan.FromHours(1), TimeProvider.System, () => Interlocked.Increment(ref runs))
        {
            BusyReconciles = 1000,
            BusyInterval = TimeSpan.FromHours(1),
        };
        var often = new BurstCompaction(100, TimeSpan.Zero, TimeProvider.System, () => Interlocked.Increment(ref runs))
        {
            BusyReconciles = 1000,
        };

        Assert.False(hourly.OnBusy(999));
        Assert.True(hourly.OnBusy(1000));
        Assert.True(often.OnBusy(1000));
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 2, "both compactions run");
        Assert.False(hourly.OnBusy(5000)); // enough reconciles, but within the busy interval
        Assert.False(often.OnBusy(1999)); // too few since the last one
        await Poll.UntilAsync(() => often.OnBusy(2000), "the next thousand compacts once the first is done");
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 3, "the third compaction runs");
        Assert.Equal(1, hourly.Count);
        // a busy compaction does not hold back the one when the queue turns idle, only an earlier idle one does
        await Poll.UntilAsync(() => hourly.OnIdle(5000), "the idle compaction after the busy one starts");
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 4, "the idle compaction runs");
        await Poll.UntilAsync(() => !hourly.OnIdle(9000) && hourly.Count == 2, "the idle compaction is done");
        Assert.False(new BurstCompaction(100, TimeSpan.Zero, TimeProvider.System).OnBusy(1_000_000)); // off unless configured
    }
}
