using System.Diagnostics;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>The real agent process (its build output run with <c>dotnet</c>): usage errors and --help exit before any Kubernetes access.</summary>
public sealed class AgentProcessCommandLineTests
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAgentAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secretskit-agent.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        // no cluster: if the arguments were accepted the agent would fail on the kubeconfig instead
        psi.Environment["KUBECONFIG"] = Path.Combine(Path.GetTempPath(), "secretskit-agent-tests-no-such-kubeconfig-" + Guid.NewGuid().ToString("N"));
        psi.Environment.Remove("KUBERNETES_SERVICE_HOST");
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
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
