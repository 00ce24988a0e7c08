using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Kubernetes.Http;
using SecretsKit.Testing.Time;

namespace SecretsKit.Agent.Tests.Runtime.Scheduling;

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

    [Fact]
    public async Task Store_throttle_caps_calls_in_flight_per_store_but_not_across_stores()
    {
        var throttle = new StoreThrottle(0, 0, 2, TimeProvider.System);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int inFlight = 0, max = 0, started = 0;
        async Task<int> Call()
        {
            Interlocked.Increment(ref started);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref max, now);
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
            return 0;
        }
        var calls = Enumerable.Range(0, 6).Select(_ => throttle.RunAsync("SecretStore/default/a", Call, CancellationToken.None)).ToList();
        var other = throttle.RunAsync("SecretStore/default/b", Call, CancellationToken.None);
        await Poll.UntilAsync(() => Volatile.Read(ref started) == 3, "two calls of store a and one of store b start");
        Assert.Equal(3, Volatile.Read(ref inFlight));

        gate.SetResult();
        await Task.WhenAll([.. calls, other]);
        Assert.Equal(7, started);
        Assert.Equal(3, max);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public void Command_line_sets_concurrency_and_per_store_rate_limits()
    {
        var parsed = SecretsKit.Agent.Hosting.AgentCommandLine.Parse(
            ["--concurrency", "8", "--store-rate-limit", "2.5", "--store-rate-burst", "20", "--store-concurrency", "3", "--namespace", "team-a"]);
        Assert.Equal(8, parsed.Options.Concurrency);
        Assert.Equal(2.5, parsed.Options.StoreRateLimit);
        Assert.Equal(20, parsed.Options.StoreRateBurst);
        Assert.Equal(3, parsed.Options.StoreConcurrency);
        Assert.Equal("team-a", parsed.Options.Namespace);
    }
}
