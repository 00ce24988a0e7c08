using Microsoft.Extensions.Configuration;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Fake;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Hosting;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Healthz_readyz_and_metrics_are_served_and_readyz_turns_ready_after_the_first_tick()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("k", "k", null)]));
        using var host = new AgentHost(c.Client, new AgentOptions(), new ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time);
        await using var web = HealthEndpoints.Build(host, 0);
        await web.StartAsync();
        var port = new Uri(web.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        await host.TickAsync(CancellationToken.None);
        await Poll.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == System.Net.HttpStatusCode.OK, "ready once the leader's caches synced");
        // the ExternalSecret's own line: the SecretStore's status condition also ends in status="True"} 1, often first
        const string Synced = "externalsecret_status_condition{condition=\"Ready\",name=\"es\",namespace=\"default\",status=\"True\"} 1";
        await Poll.UntilAsync(() => host.Metrics.Render().Contains(Synced, StringComparison.Ordinal), "the leader's workers sync the ExternalSecret");

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE externalsecret_sync_calls_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("externalsecret_sync_calls_total{name=\"es\",namespace=\"default\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains(Synced, metrics, StringComparison.Ordinal);
        Assert.Contains("secretskit_externalsecret_sync_age_seconds{name=\"es\",namespace=\"default\"} 0", metrics, StringComparison.Ordinal);
        await host.StopAsync();
        await web.StopAsync();
    }

    [Fact]
    public async Task Readyz_is_503_while_a_leader_s_watch_caches_have_not_listed_and_200_once_they_have()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        var fault = c.Server.InjectFault("/externalsecrets", 500, times: 100_000, method: "GET");
        using var host = new AgentHost(c.Client, Watching(), new ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time);
        await using var web = HealthEndpoints.Build(host, 0);
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port(web)}") };

        Assert.True(await host.TickAsync(CancellationToken.None));
        await Poll.UntilAsync(() => c.Server.Requests.Any(r => r.Path.Contains("/externalsecrets", StringComparison.Ordinal) && r.StatusCode == 500), "the ExternalSecret list fails");
        var notSynced = await http.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notSynced.StatusCode);
        Assert.Equal("leading: watch caches not synced yet\n", await notSynced.Content.ReadAsStringAsync());

        fault.Clear();
        await Poll.UntilAsync(async () =>
        {
            c.Time.Advance(TimeSpan.FromSeconds(1)); // the list is retried after a second of the agent's clock
            return (await http.GetAsync("/readyz")).StatusCode == System.Net.HttpStatusCode.OK;
        }, "ready once every watch has listed");
        Assert.Equal("ok: leading\n", await http.GetStringAsync("/readyz"));
        await host.StopAsync();
        await web.StopAsync();
    }

    [Fact]
    public async Task Healthz_fails_when_the_election_loop_stalls_and_recovers_with_the_next_attempt()
    {
        await using var c = await StartAsync();
        using var host = new AgentHost(c.Client, Watching(), new ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time);
        await using var web = HealthEndpoints.Build(host, 0);
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port(web)}") };
        Assert.True(await host.TickAsync(CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        c.Time.Advance(TimeSpan.FromMinutes(6)); // no attempt for longer than --stall-timeout (5m)
        var stalled = await http.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        Assert.Equal("the leader election loop has not completed an attempt for 360s\n", await stalled.Content.ReadAsStringAsync());
        await host.TickAsync(CancellationToken.None);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        await host.StopAsync();
        await web.StopAsync();
    }

    private static int Port(Microsoft.AspNetCore.Builder.WebApplication web) =>
        new Uri(web.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;

    /// <summary>
    /// A file-backed configuration source (appsettings.json with reload) would watch the working directory and everything
    /// below it: <c>/</c> in a container.
    /// </summary>
    [Fact]
    public async Task The_health_server_reads_and_watches_no_configuration_files()
    {
        await using var c = await StartAsync();
        using var host = new AgentHost(c.Client, new AgentOptions(), new ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time);
        await using var web = HealthEndpoints.Build(host, 0);

        var providers = ((IConfigurationRoot)web.Configuration).Providers.ToList();

        Assert.DoesNotContain(providers, p => p is FileConfigurationProvider);
    }
}
