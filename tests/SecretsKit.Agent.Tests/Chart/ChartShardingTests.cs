using System.Text.Json.Nodes;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// The chart's sharded mode, rendered and linted by the real helm: <c>--shards</c> on every replica, and a Lease grant
/// that names exactly the Leases the agent uses (the leader Lease and one per shard) plus <c>create</c>, which RBAC cannot
/// limit by name.
/// </summary>
public sealed class ChartShardingTests
{
    private static readonly (string, object?)[] Sharded = [("sharding.enabled", true), ("sharding.shards", 5.0), ("replicaCount", 3.0)];

    private static string[] Args(AgentChart chart) =>
        [.. ChartRenderingTests.Container(chart.Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>())];

    private static IEnumerable<JsonObject> LeaseRules(AgentChart chart) =>
        chart.OfKind("Role").Single(r => r["metadata"]!["name"]!.GetValue<string>().EndsWith("-leader-election", StringComparison.Ordinal))["rules"]!
            .AsArray().OfType<JsonObject>();

    [Fact]
    public void Sharded_mode_passes_the_shard_count_to_every_replica_and_the_default_does_not()
    {
        var chart = AgentChart.Render(Sharded);
        Assert.Equal(3, chart.Single("Deployment")["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(5, AgentCommandLine.Parse(Args(chart)).Options.Shards);
        Assert.Equal(0, AgentCommandLine.Parse(Args(AgentChart.Render())).Options.Shards);
        Assert.DoesNotContain("--shards", Args(AgentChart.Render()));
    }

    [Fact]
    public void Sharded_mode_grants_get_and_update_on_the_shard_leases_only_and_create()
    {
        var rules = LeaseRules(AgentChart.Render(Sharded)).ToList();
        var named = Assert.Single(rules, r => r["resourceNames"] is not null);
        Assert.Equal(["secretskit-agent-leader", .. Enumerable.Range(0, 5).Select(ShardLeaseManager.LeaseName)],
            named["resourceNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["get", "update"], named["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        var unnamed = Assert.Single(rules, r => r["resourceNames"] is null);
        Assert.Equal(["create"], unnamed["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["secretskit-agent-leader"], Assert.Single(LeaseRules(AgentChart.Render()), r => r["resourceNames"] is not null)["resourceNames"]!
            .AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Sharded_mode_passes_real_helm_lint_strict()
    {
        using var helm = new RealHelm();
        var lint = await helm.RunAsync(["lint", "--strict", AgentChart.Directory, "--set", "replicaCount=3", "--set", "sharding.enabled=true", "--set", "sharding.shards=12"]);
        Assert.True(lint.ExitCode == 0, lint.StdoutText + lint.Stderr);
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", lint.StdoutText, StringComparison.Ordinal);
        // lint renders in lint mode, where helm logs a template's fail instead of failing: the bounds are checked by template below
    }

    [Fact]
    public void A_shard_count_outside_1_to_256_fails_the_render_with_a_message()
    {
        var e = Assert.Throws<InvalidOperationException>(() => AgentChart.Render(("sharding.enabled", true), ("sharding.shards", 0.0)));
        Assert.Contains("sharding.shards must be from 1 to 256, not 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leases_the_agent_really_takes_are_the_ones_the_chart_names()
    {
        await using var c = await AgentCluster.StartAsync();
        var ownership = new ShardOwnership(5, TimeSpan.FromSeconds(10), c.Time);
        var manager = new ShardLeaseManager(c.Client, "default", "agent-a", ownership, c.Time);

        Assert.True(await manager.TickAsync(CancellationToken.None));

        var granted = LeaseRules(AgentChart.Render(Sharded)).Single(r => r["resourceNames"] is not null)["resourceNames"]!.AsArray().Select(n => n!.GetValue<string>());
        var taken = c.Server.All(Testing.Kubernetes.FakeResourceType.Lease).Select(l => l["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(5, taken.Count);
        Assert.All(taken, name => Assert.Contains(name, granted));
        Assert.Equal([0, 1, 2, 3, 4], ownership.Owned);
    }
}
