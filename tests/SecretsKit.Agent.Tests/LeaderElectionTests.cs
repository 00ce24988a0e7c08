using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Fake;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests;

public sealed class LeaderElectionTests
{
    private static readonly AgentOptions Options = new() { SchedulerResolution = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task Only_the_leader_reconciles_and_a_standby_takes_over_when_the_leader_stops()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("k", "k", null)]));
        using var clientB = new KubernetesClient(new KubernetesClientConfiguration { Server = c.Server.BaseAddress });
        var log = new AgentLog(TextWriter.Null);
        var a = new AgentHost(c.Client, Options, new ProviderOptions(), "agent-a", "default", log, c.Time);
        var b = new AgentHost(clientB, Options, new ProviderOptions(), "agent-b", "default", log, c.Time);
        try
        {
            Assert.True(await a.TickAsync(CancellationToken.None));
            Assert.False(await b.TickAsync(CancellationToken.None));
            c.Time.Advance(TimeSpan.FromSeconds(5));
            Assert.True(await a.TickAsync(CancellationToken.None));
            Assert.False(await b.TickAsync(CancellationToken.None));
            Assert.True(a.IsLeader);
            Assert.True(a.IsReconciling);
            Assert.False(b.IsReconciling);
            await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v", "the leader syncs the secret");
            Assert.Null(b.Controller.Session);

            await a.StopAsync();
            Assert.False(a.IsLeader);
            Assert.False(a.IsReconciling);
            Assert.True(await b.TickAsync(CancellationToken.None));
            Assert.True(b.IsLeader);
            Assert.True(b.IsReconciling);
            Assert.False(await a.TickAsync(CancellationToken.None));
            Assert.False(a.IsReconciling);

            c.Server.Delete(FakeResourceType.Secret, "default", "es");
            await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v", "the new leader repairs the deleted secret");
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
        }
    }

    [Fact]
    public async Task A_standby_takes_over_after_the_lease_expires_and_the_old_leader_stops_its_workers()
    {
        await using var c = await StartAsync();
        using var clientB = new KubernetesClient(new KubernetesClientConfiguration { Server = c.Server.BaseAddress });
        var log = new AgentLog(TextWriter.Null);
        var a = new AgentHost(c.Client, Options, new ProviderOptions(), "agent-a", "default", log, c.Time);
        var b = new AgentHost(clientB, Options, new ProviderOptions(), "agent-b", "default", log, c.Time);
        try
        {
            Assert.True(await a.TickAsync(CancellationToken.None));
            Assert.False(await b.TickAsync(CancellationToken.None));

            c.Time.Advance(TimeSpan.FromSeconds(10)); // a is stuck: no renewals
            Assert.False(await b.TickAsync(CancellationToken.None));
            c.Time.Advance(TimeSpan.FromSeconds(10));
            Assert.True(await b.TickAsync(CancellationToken.None));
            Assert.True(b.IsReconciling);
            Assert.True(a.IsReconciling); // a has not noticed yet

            Assert.False(await a.TickAsync(CancellationToken.None));
            Assert.False(a.IsLeader);
            Assert.False(a.IsReconciling);
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
        }
    }

    [Fact]
    public async Task Regaining_leadership_reconciles_and_schedules_everything_again()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", refresh: "1h", data: [("k", "k", null)]));
        using var a = new AgentHost(c.Client, Options, new ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time);
        try
        {
            Assert.True(await a.TickAsync(CancellationToken.None));
            await Poll.UntilAsync(() => a.Controller.Session?.Scheduler.DueAt(EsKey("default", "es")) is not null, "first term: refresh scheduled");

            await a.StopAsync();
            Assert.Null(a.Controller.Session);
            Assert.True(await a.TickAsync(CancellationToken.None));
            await Poll.UntilAsync(() => a.Controller.Session?.Scheduler.DueAt(EsKey("default", "es")) is not null, "second term: refresh scheduled again");
            Assert.Equal(1, a.Controller.ExternalSecrets.Entries.Count);
            Assert.NotNull(a.Controller.ExternalSecrets.Entries.Find("default", "es")?.State);
        }
        finally
        {
            await a.StopAsync();
        }
    }
}
