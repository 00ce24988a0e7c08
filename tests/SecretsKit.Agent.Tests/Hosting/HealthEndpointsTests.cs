using Microsoft.Extensions.Configuration;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile;
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
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        await Poll.UntilAsync(() => host.Metrics.Render().Contains("status=\"True\"} 1", StringComparison.Ordinal), "the leader's workers sync the ExternalSecret");

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE externalsecret_sync_calls_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("externalsecret_sync_calls_total{name=\"es\",namespace=\"default\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("externalsecret_status_condition{condition=\"Ready\",name=\"es\",namespace=\"default\",status=\"True\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("secretskit_externalsecret_sync_age_seconds{name=\"es\",namespace=\"default\"} 0", metrics, StringComparison.Ordinal);
        await host.StopAsync();
        await web.StopAsync();
    }

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
