using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
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
        Assert.Equal(TimeSpan.FromMinutes(2), parsed.Options.GeneratorGcGracePeriod);
        Assert.Equal(10, parsed.Options.StoreRateLimit);
        Assert.Equal("ops", parsed.LeaseNamespace);
        Assert.Empty(parsed.Options.VaultAllowlist);
    }

    [Fact]
    public async Task The_vault_allowlist_value_reaches_the_agent()
    {
        var parsed = AgentCommandLine.Parse(await RenderedArgsAsync("vaultAllowlist={https://vault.ops:8200,https://vault.dr:8200}"));

        Assert.Equal(["https://vault.ops:8200/", "https://vault.dr:8200/"], parsed.Options.VaultAllowlist);
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

    [Fact]
    public async Task The_generator_gc_grace_period_value_reaches_the_agent_as_a_go_duration()
    {
        var parsed = AgentCommandLine.Parse(await RenderedArgsAsync("generatorGcGracePeriod=1m30s"));

        Assert.Equal(TimeSpan.FromSeconds(90), parsed.Options.GeneratorGcGracePeriod);
        var bad = Assert.Throws<AgentUsageException>(() => AgentCommandLine.Parse(["--generator-gc-grace-period", "2 minutes"]));
        Assert.Contains("--generator-gc-grace-period", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_timeout_is_the_grace_period_minus_10_seconds_so_sigkill_never_comes_first()
    {
        var defaults = AgentCommandLine.Parse(await RenderedArgsAsync());
        var longer = AgentCommandLine.Parse(await RenderedArgsAsync("terminationGracePeriodSeconds=120", "probes.liveness.stallTimeout=2m"));

        Assert.Equal(TimeSpan.FromSeconds(20), defaults.ShutdownTimeout);
        Assert.Equal(AgentHost.DefaultShutdownTimeout, defaults.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), defaults.StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(110), longer.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), longer.StallTimeout);
    }

    [Fact]
    public async Task A_grace_period_too_short_to_drain_and_release_fails_the_render()
    {
        using var helm = new RealHelm();
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent");

        var run = await helm.RunAsync(["template", "agent", chart, "--set", "terminationGracePeriodSeconds=5"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("terminationGracePeriodSeconds must be at least 15", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_set_of_image_repository_points_the_chart_at_a_built_image_tagged_with_the_app_version()
    {
        using var helm = new RealHelm();
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent");
        var appVersion = File.ReadAllLines(Path.Combine(chart, "Chart.yaml")).Single(l => l.StartsWith("appVersion:", StringComparison.Ordinal))
            .Split(':', 2)[1].Trim().Trim('"');

        var run = await helm.RunAsync(["template", "agent", chart, "--show-only", "templates/deployment.yaml", "--set", "image.repository=localhost:5001/secretskit-agent"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"image: \"localhost:5001/secretskit-agent:{appVersion}\"", run.StdoutText, StringComparison.Ordinal);
        var script = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "scripts", "build-agent-image.sh"));
        Assert.Contains("appVersion", script, StringComparison.Ordinal); // the script tags with the same version
    }
}
