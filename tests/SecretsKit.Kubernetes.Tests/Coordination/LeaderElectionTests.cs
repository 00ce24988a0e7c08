using SecretsKit.Kubernetes.Coordination;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Tests.Coordination;

public sealed class LeaderElectionTests
{
    /// <summary>A clock the test moves by hand (only "now"; timers stay real).</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static LeaderElectionConfig Config(string identity) => new("default", "secretskit-agent", identity)
    {
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Candidate_takes_over_only_after_the_holder_stops_renewing_for_a_lease_duration()
    {
        await using var c = await FakeCluster.StartAsync();
        var clockA = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var clockB = new ManualClock(clockA.Now);
        var a = new LeaderElector(c.Client, Config("pod-a"), clockA);
        var b = new LeaderElector(c.Client, Config("pod-b"), clockB);

        Assert.True(await a.TryAcquireOrRenewAsync());
        Assert.False(await b.TryAcquireOrRenewAsync());
        Assert.Equal("pod-a", b.ObservedHolder);

        // a keeps renewing: b keeps seeing a fresh record and waits
        foreach (var step in new[] { 10, 10, 10 })
        {
            clockA.Now += TimeSpan.FromSeconds(step);
            clockB.Now += TimeSpan.FromSeconds(step);
            Assert.True(await a.TryAcquireOrRenewAsync());
            Assert.False(await b.TryAcquireOrRenewAsync());
        }

        // a stops renewing; within the lease duration b still waits, after it b takes over
        clockB.Now += TimeSpan.FromSeconds(14);
        Assert.False(await b.TryAcquireOrRenewAsync());
        clockB.Now += TimeSpan.FromSeconds(2);
        Assert.True(await b.TryAcquireOrRenewAsync());

        var lease = KubeModels.ToLease(await c.Client.GetAsync(ResourceTypes.Lease, "default", "secretskit-agent"));
        Assert.Equal("pod-b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);

        // the old holder comes back and must not steal it
        clockA.Now = clockB.Now;
        Assert.False(await a.TryAcquireOrRenewAsync());
        Assert.Equal("pod-b", a.ObservedHolder);
    }

    [Fact]
    public async Task Concurrent_acquire_attempts_elect_exactly_one_leader()
    {
        await using var c = await FakeCluster.StartAsync();
        var electors = Enumerable.Range(0, 5).Select(i => new LeaderElector(c.Client, Config($"pod-{i}"))).ToList();
        var results = await Task.WhenAll(electors.Select(e => e.TryAcquireOrRenewAsync()));
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Run_hands_leadership_over_when_the_leader_stops_renewing()
    {
        await using var c = await FakeCluster.StartAsync();
        var fast = new LeaderElectionConfig("default", "handover", "")
        {
            // short enough for a quick handover, long enough that a loaded machine's late renewal never loses the lease
            LeaseDuration = TimeSpan.FromSeconds(5),
            RenewDeadline = TimeSpan.FromSeconds(4),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            ReleaseOnCancel = false, // simulate a crash: no release, the lease must expire
        };
        var a = new LeaderElector(c.Client, fast with { Identity = "pod-a" });
        var b = new LeaderElector(c.Client, fast with { Identity = "pod-b" });
        using var stopA = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stopB = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var aLeads = new TaskCompletionSource();
        var bLeads = new TaskCompletionSource();

        var runA = a.RunAsync(async ct => { aLeads.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); }, stopA.Token);
        await aLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var runB = b.RunAsync(async ct => { bLeads.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); }, stopB.Token);
        Assert.False(bLeads.Task.IsCompleted);
        Assert.True(a.IsLeader);

        await stopA.CancelAsync();
        await runA;
        await bLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(b.IsLeader);
        Assert.Equal("pod-b", KubeModels.ToLease(await c.Client.GetAsync(ResourceTypes.Lease, "default", "handover")).Spec.HolderIdentity);

        await stopB.CancelAsync();
        await runB;
    }

    [Fact]
    public async Task Release_clears_the_holder_so_another_candidate_acquires_at_once()
    {
        await using var c = await FakeCluster.StartAsync();
        var a = new LeaderElector(c.Client, Config("pod-a"));
        var b = new LeaderElector(c.Client, Config("pod-b"));
        Assert.True(await a.TryAcquireOrRenewAsync());
        Assert.False(await b.TryAcquireOrRenewAsync());
        await a.ReleaseAsync();
        Assert.True(await b.TryAcquireOrRenewAsync());
    }

    [Fact]
    public async Task A_new_candidate_that_trusts_recorded_renewals_takes_a_lease_whose_renew_time_plus_duration_has_passed()
    {
        await using var c = await FakeCluster.StartAsync();
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var a = new LeaderElector(c.Client, Config("run-a"), new ManualClock(start));
        Assert.True(await a.TryAcquireOrRenewAsync());

        // a fresh process sees the record for the first time 14s after its last renewal: client-go would wait a whole
        // duration from now; by the record the lease has 1s left, then it is free
        var clockB = new ManualClock(start + TimeSpan.FromSeconds(14));
        var b = new LeaderElector(c.Client, Config("run-b") with { ExpireByRecordedRenewal = true }, clockB);
        Assert.False(await b.TryAcquireOrRenewAsync());
        Assert.Null(b.TakenOverFrom);
        clockB.Now = start + TimeSpan.FromSeconds(16);
        Assert.True(await b.TryAcquireOrRenewAsync());
        Assert.Equal("run-a", b.TakenOverFrom?.HolderIdentity);

        // without trusting the record, a fresh candidate waits a whole duration of its own
        var clockC = new ManualClock(start + TimeSpan.FromSeconds(40));
        var strict = new LeaderElector(c.Client, Config("run-c"), clockC);
        Assert.False(await strict.TryAcquireOrRenewAsync());
    }

    [Fact]
    public async Task Clear_empties_another_holders_lease_and_returns_the_record_it_held()
    {
        await using var c = await FakeCluster.StartAsync();
        var a = new LeaderElector(c.Client, Config("run-a"));
        Assert.True(await a.TryAcquireOrRenewAsync());
        var before = await new LeaderElector(c.Client, Config("operator")).ClearAsync();

        Assert.Equal("run-a", before?.HolderIdentity);
        Assert.Null(KubeModels.ToLease(await c.Client.GetAsync(ResourceTypes.Lease, "default", "secretskit-agent")).Spec.HolderIdentity);
        Assert.Null(await new LeaderElector(c.Client, Config("x") with { LeaseName = "none" }).ClearAsync());
    }
}
