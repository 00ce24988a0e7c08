using SecretsKit.Agent.Runtime.Queue;

namespace SecretsKit.Agent.Tests.Runtime.Queue;

public sealed class WorkQueueTests
{
    [Fact]
    public async Task A_key_added_twice_while_waiting_is_handed_out_once()
    {
        var queue = new WorkQueue<string>();
        Assert.True(queue.Add("a"));
        Assert.False(queue.Add("a"));
        Assert.True(queue.Add("b"));

        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_a_worker_holds_it_waits_until_done_and_then_runs_once_more()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        var held = await queue.TakeAsync(CancellationToken.None);
        Assert.True(queue.IsProcessing("a"));

        Assert.True(queue.Add("a"));
        Assert.False(queue.Add("a"));
        Assert.Equal(0, queue.Count); // not available to a second worker while held

        queue.Done(held);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Concurrent_workers_never_hold_the_same_key_at_once()
    {
        var queue = new WorkQueue<int>();
        var inFlight = new int[5];
        var overlaps = 0;
        var processed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                int key;
                try
                {
                    key = await queue.TakeAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (Interlocked.Increment(ref inFlight[key]) > 1) Interlocked.Increment(ref overlaps);
                await Task.Yield();
                Interlocked.Decrement(ref inFlight[key]);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToList();
        for (var i = 0; i < 2000; i++) queue.Add(i % 5);
        await Poll.UntilAsync(() => queue.Count == 0 && Enumerable.Range(0, 5).All(k => !queue.IsProcessing(k)), "the queue drains");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(0, overlaps);
        Assert.InRange(processed, 5, 2000);
    }

    [Fact]
    public async Task After_a_burst_the_idle_queue_gives_its_room_back_and_still_works()
    {
        var queue = new WorkQueue<int>();
        const int burst = WorkQueue<int>.TrimAbove * 4;
        for (var i = 0; i < burst; i++) queue.Add(i);
        Assert.True(queue.Capacity >= burst);

        for (var i = 0; i < burst; i++) queue.Done(await queue.TakeAsync(CancellationToken.None));

        Assert.True(queue.IsIdle);
        Assert.True(queue.Capacity < WorkQueue<int>.TrimAbove, $"capacity {queue.Capacity} after the burst");
        Assert.True(queue.Add(7));
        Assert.Equal(7, await queue.TakeAsync(CancellationToken.None));
        queue.Done(7);
        Assert.True(queue.IsIdle);
    }
}
