using SecretsKit.Agent.Reconcile.Scheduling;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Testing.Time;

namespace SecretsKit.Agent.Tests.Scheduling;

public sealed class SchedulingTests
{
    [Fact]
    public void Backoff_doubles_per_failure_with_jitter_up_to_the_cap_and_resets_on_success()
    {
        var backoff = new Backoff<string>(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), new Random(7));
        var expectedCeiling = new[] { 5, 10, 20, 40, 80, 160, 300, 300, 300 };
        foreach (var ceiling in expectedCeiling)
        {
            var delay = backoff.Fail("es");
            Assert.InRange(delay, TimeSpan.FromSeconds(ceiling / 2.0), TimeSpan.FromSeconds(ceiling));
        }
        Assert.Equal(expectedCeiling.Length, backoff.Failures("es"));
        Assert.Equal(0, backoff.Failures("other"));

        backoff.Reset("es");
        Assert.InRange(backoff.Fail("es"), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Backoff_delays_of_many_keys_are_spread_by_jitter()
    {
        var backoff = new Backoff<int>(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), new Random(1));
        var delays = Enumerable.Range(0, 50).Select(backoff.Fail).Distinct().Count();
        Assert.True(delays > 40, $"only {delays} distinct delays");
    }

    [Fact]
    public void Retry_after_of_a_throttling_error_wins_over_a_shorter_backoff_but_not_a_longer_one()
    {
        var now = DateTimeOffset.UnixEpoch;
        var throttled = new InvalidOperationException("wrapped", new VaultRequestException("vault: GET x failed: HTTP 429", 429) { RetryAfter = TimeSpan.FromMinutes(2) });
        Assert.Equal(now + TimeSpan.FromMinutes(2), RetryPlan.NextAttempt(now, TimeSpan.FromSeconds(5), throttled));
        Assert.Equal(now + TimeSpan.FromMinutes(3), RetryPlan.NextAttempt(now, TimeSpan.FromMinutes(3), throttled));
        Assert.Equal(now + TimeSpan.FromSeconds(5), RetryPlan.NextAttempt(now, TimeSpan.FromSeconds(5), new VaultRequestException("vault: HTTP 500", 500)));
        Assert.True(new VaultRequestException("x", 429).IsThrottled);
    }

    [Fact]
    public void Token_bucket_serves_the_burst_at_once_then_makes_callers_wait_their_turn()
    {
        var bucket = new TokenBucket(1, 3, TimeProvider.System);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        var fourth = bucket.Reserve();
        var fifth = bucket.Reserve();
        Assert.True(fourth > TimeSpan.Zero);
        Assert.True(fifth > fourth); // queued behind the fourth
    }

    [Fact]
    public async Task Scheduler_fires_a_key_when_the_clock_reaches_its_due_time_and_a_later_schedule_replaces_the_earlier()
    {
        var time = new ManualTimeProvider();
        var scheduler = new ReconcileScheduler<string>(time, TimeSpan.FromMilliseconds(10));
        var fired = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var run = scheduler.RunAsync(fired.Enqueue, stop.Token);

        scheduler.Schedule("a", time.GetUtcNow() + TimeSpan.FromMinutes(10));
        scheduler.Schedule("b", time.GetUtcNow() + TimeSpan.FromMinutes(5));
        scheduler.Schedule("b", time.GetUtcNow() + TimeSpan.FromMinutes(20));
        scheduler.Schedule("c", time.GetUtcNow() + TimeSpan.FromMinutes(1));
        scheduler.Cancel("c");
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(20), scheduler.DueAt("b"));

        time.Advance(TimeSpan.FromMinutes(11));
        await Poll.UntilAsync(() => fired.Contains("a"), "a fires");
        Assert.DoesNotContain("b", fired);
        Assert.DoesNotContain("c", fired);
        Assert.Null(scheduler.DueAt("a"));

        time.Advance(TimeSpan.FromMinutes(10));
        await Poll.UntilAsync(() => fired.Contains("b"), "b fires at its replaced time");
        Assert.Equal(["a", "b"], fired.ToArray());
        await stop.CancelAsync();
        await run;
    }
}
