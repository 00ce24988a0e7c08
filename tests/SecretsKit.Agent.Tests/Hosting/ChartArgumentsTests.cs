using SecretsKit.Agent.Hosting;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>The chart's container args, rendered by the real helm, are a command line the agent accepts, with the values given.</summary>
public sealed class ChartArgumentsTests
{
    private static async Task<string[]> RenderedArgsAsync(params string[] sets)
    {
        using var helm = new RealHelm();
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent");
        List<string> args = ["template", "agent", chart, "--namespace", "ops", "--show-only", "templates/deployment.yaml"];
        foreach (var set in sets) args.AddRange(["--set", set]);
        var run = await helm.RunAsync(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.StdoutText.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "args:");
        Assert.True(start > 0, run.StdoutText);
        var indent = lines[start + 1].IndexOf('-', StringComparison.Ordinal);
        return [.. lines.Skip(start + 1).TakeWhile(l => l.Length > indent && l[indent] == '-' && l[..indent].Trim().Length == 0)
            .Select(l => l[(indent + 1)..].Trim().Trim('"'))];
    }

    [Fact]
    public async Task Default_chart_args_parse_and_carry_the_documented_defaults()
    {
        var parsed = AgentCommandLine.Parse(await RenderedArgsAsync());

        Assert.Equal(50, parsed.Options.ClientQps);
        Assert.Equal(100, parsed.Options.ClientBurst);
        Assert.Equal(TimeSpan.FromHours(1), parsed.Options.RefreshTimeMaxAge);
        Assert.Equal(10, parsed.Options.StoreRateLimit);
        Assert.Equal("ops", parsed.LeaseNamespace);
    }

    [Fact]
    public async Task Api_client_limits_and_refresh_time_max_age_reach_the_agent()
    {
        var parsed = AgentCommandLine.Parse(await RenderedArgsAsync("apiClient.qps=20", "apiClient.burst=40", "refreshTimeMaxAge=0", "storeLimits.rate=2.5"));

        Assert.Equal(20, parsed.Options.ClientQps);
        Assert.Equal(40, parsed.Options.ClientBurst);
        Assert.Equal(TimeSpan.Zero, parsed.Options.RefreshTimeMaxAge);
        Assert.Equal(2.5, parsed.Options.StoreRateLimit);
    }
}
