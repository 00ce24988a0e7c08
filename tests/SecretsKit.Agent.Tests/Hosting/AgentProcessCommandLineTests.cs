using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>The real agent process (<see cref="AgentProcess"/>): usage errors and --help exit before any Kubernetes access.</summary>
public sealed class AgentProcessCommandLineTests
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAgentAsync(params string[] args)
    {
        using var home = new TempDir();
        // no cluster: if the arguments were accepted the agent would fail on the kubeconfig instead
        return await AgentProcess.RunAsync(home.Path, new() { ["KUBECONFIG"] = Path.Combine(home.Path, "no-such-kubeconfig") }, args);
    }

    [Fact]
    public async Task Unknown_flag_exits_1_with_a_message_naming_it()
    {
        var (code, stdout, stderr) = await RunAgentAsync("--controller-class", "secretskit", "--metrics-prot", "8080");

        Assert.Equal(1, code);
        Assert.Contains("secretskit-agent: unknown flag '--metrics-prot'", stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Missing_value_exits_1_with_a_message_naming_the_flag()
    {
        var (code, _, stderr) = await RunAgentAsync("--metrics-port");

        Assert.Equal(1, code);
        Assert.Contains("flag '--metrics-port' needs a value", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_cluster_store_reconciler_value_exits_1_naming_the_flag()
    {
        var (code, stdout, stderr) = await RunAgentAsync("--namespace", "team-a", "--enable-cluster-store-reconciler=off");

        Assert.Equal(1, code);
        Assert.Contains("flag '--enable-cluster-store-reconciler' takes true or false, not 'off'", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Help_prints_the_flags_and_exits_0()
    {
        var (code, stdout, stderr) = await RunAgentAsync("--help");

        Assert.Equal(0, code);
        Assert.StartsWith("Usage: secretskit-agent", stdout, StringComparison.Ordinal);
        Assert.Contains("--store-concurrency", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }
}
