using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests;

public sealed class LeaderElectionTests
{
    [Fact]
    public async Task Only_the_leader_reconciles_and_a_standby_takes_over_when_the_leader_stops()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("k", "k", null)]));
        using var clientB = new KubernetesClient(new KubernetesClientConfiguration { Server = c.Server.BaseAddress });
        var log = new AgentLog(TextWriter.Null);
        var a = new AgentHost(c.Client, new AgentOptions(), new ProviderOptions(), "agent-a", "default", log, c.Time);
        var b = new AgentHost(clientB, new AgentOptions(), new ProviderOptions(), "agent-b", "default", log, c.Time);

        Assert.True(await a.TickAsync(CancellationToken.None));
        Assert.False(await b.TickAsync(CancellationToken.None));
        c.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await a.TickAsync(CancellationToken.None));
        Assert.False(await b.TickAsync(CancellationToken.None));
        Assert.Equal(2, a.Controller.Passes);
        Assert.Equal(0, b.Controller.Passes);
        Assert.True(a.IsLeader);
        Assert.Equal("v", c.Value("default", "es", "k"));

        await a.StopAsync();
        Assert.False(a.IsLeader);
        Assert.True(await b.TickAsync(CancellationToken.None));
        Assert.True(b.IsLeader);
        Assert.Equal(1, b.Controller.Passes);
        Assert.False(await a.TickAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_standby_takes_over_after_the_lease_expires_when_the_leader_vanishes()
    {
        await using var c = await StartAsync();
        using var clientB = new KubernetesClient(new KubernetesClientConfiguration { Server = c.Server.BaseAddress });
        var log = new AgentLog(TextWriter.Null);
        var a = new AgentHost(c.Client, new AgentOptions(), new ProviderOptions(), "agent-a", "default", log, c.Time);
        var b = new AgentHost(clientB, new AgentOptions(), new ProviderOptions(), "agent-b", "default", log, c.Time);
        Assert.True(await a.TickAsync(CancellationToken.None));
        Assert.False(await b.TickAsync(CancellationToken.None));

        c.Time.Advance(TimeSpan.FromSeconds(10)); // a crashed: no renewals
        Assert.False(await b.TickAsync(CancellationToken.None));
        c.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await b.TickAsync(CancellationToken.None));
    }
}
