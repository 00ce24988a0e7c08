using System.Diagnostics;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The real agent process against the fake API server, stopped as Kubernetes stops a pod: SIGTERM (then SIGKILL after
/// terminationGracePeriodSeconds), SIGINT from a terminal, a second signal, an API server that is gone.
/// </summary>
public sealed class AgentProcessLifecycleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string?> Env(string kubeconfig, string identity) => new()
    {
        ["KUBECONFIG"] = kubeconfig,
        ["POD_NAME"] = identity,
    };

    private static string[] Args => ["--shutdown-timeout", "10s", "--lease-namespace", "default"];

    private static async Task<AgentProcess> StartLeaderAsync(FakeKubeApiServer server, TempDir dir, string identity = "agent-a")
    {
        var agent = AgentProcess.Start(dir.Path, Env(AgentProcess.Kubeconfig(server, dir.Path), identity), Args);
        await Poll.UntilAsync(() => AgentProcess.LeaseHolder(server) == identity, "the agent takes the Lease");
        await agent.UntilProbeAsync("/readyz", 200, "ok");
        return agent;
    }

    /// <summary>From the signal's delivery to the process's exit as the runtime recorded it (not when this test host got to see it).</summary>
    private static void AssertExitedWithinBound(AgentProcess agent, DateTime sent)
    {
        var took = agent.ExitTime - sent;
        Assert.True(took < Bound, $"exited {took.TotalSeconds:0.00}s after the signal, bound {Bound.TotalSeconds}s\n{agent.Stdout}");
    }

    [Fact]
    public async Task Sigterm_as_leader_exits_0_within_the_bound_empties_the_lease_holder_and_writes_nothing_after()
    {
        using var dir = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        await using var agent = await StartLeaderAsync(server, dir);
        await Poll.UntilAsync(() => server.TryGet(FakeResourceType.Secret, "default", "es") is not null, "the leader writes the Secret");

        var sent = DateTime.Now; // Process.ExitTime is local time too
        await agent.SignalAsync("TERM");
        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, code);
        AssertExitedWithinBound(agent, sent);
        Assert.Null(AgentProcess.LeaseHolder(server));
        Assert.Contains("\"msg\":\"released the Lease\"", agent.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", agent.Stderr, StringComparison.Ordinal);
        var requests = server.Requests.ToList();
        var release = requests.FindLastIndex(r => r.Method == "PUT" && r.Path.Contains("/leases/", StringComparison.Ordinal));
        Assert.True(release >= 0);
        Assert.DoesNotContain(requests.Skip(release + 1), r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE");
    }

    [Fact]
    public async Task A_standby_takes_over_as_soon_as_the_leader_exits_not_after_the_lease_duration()
    {
        using var dir = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        await using var leader = await StartLeaderAsync(server, dir);
        await using var standby = AgentProcess.Start(dir.Path, Env(AgentProcess.Kubeconfig(server, dir.Path, "kubeconfig-b"), "agent-b"), Args);
        await standby.UntilProbeAsync("/readyz", 200, "ok: standby");
        Assert.Equal("agent-a", AgentProcess.LeaseHolder(server));

        await leader.SignalAsync("TERM");
        Assert.Equal(0, await leader.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(() => AgentProcess.LeaseHolder(server) == "agent-b", "the standby takes the released Lease");

        // the Lease lasts 15 s; the standby retries every 2 s and finds it empty
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took over after {clock.Elapsed.TotalSeconds:0.0}s");
        await standby.UntilProbeAsync("/readyz", 200, "ok: leading");
        await standby.SignalAsync("TERM");
        Assert.Equal(0, await standby.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.Null(AgentProcess.LeaseHolder(server));
    }

    [Fact]
    public async Task Sigint_exits_0_without_a_stack_trace()
    {
        using var dir = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        await using var agent = await StartLeaderAsync(server, dir);

        await agent.SignalAsync("INT");

        Assert.Equal(0, await agent.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("", agent.Stderr);
        Assert.Null(AgentProcess.LeaseHolder(server));
    }

    [Fact]
    public async Task Sigterm_while_the_api_server_hangs_exits_0_within_the_bound()
    {
        using var dir = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        await using var agent = await StartLeaderAsync(server, dir);
        server.Latency = TimeSpan.FromMinutes(10); // every request from now on hangs, the Lease release included

        var sent = DateTime.Now; // Process.ExitTime is local time too
        await agent.SignalAsync("TERM");
        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, code);
        AssertExitedWithinBound(agent, sent);
        Assert.Contains("could not release the Lease within the shutdown bound", agent.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_after_the_api_server_went_away_exits_0_and_readyz_said_unreachable()
    {
        using var dir = new TempDir();
        var server = await AgentProcess.StartServerWithExternalSecretAsync();
        await using var agent = await StartLeaderAsync(server, dir);

        await server.DisposeAsync();
        await agent.UntilProbeAsync("/readyz", 503, "the Kubernetes API server is unreachable");
        await agent.UntilProbeAsync("/healthz", 200, "ok");
        var sent = DateTime.Now; // Process.ExitTime is local time too
        await agent.SignalAsync("TERM");

        Assert.Equal(0, await agent.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        AssertExitedWithinBound(agent, sent);
    }

    [Fact]
    public async Task A_second_signal_during_the_shutdown_exits_1_at_once()
    {
        using var dir = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        var agent = AgentProcess.Start(dir.Path, Env(AgentProcess.Kubeconfig(server, dir.Path), "agent-a"),
            "--shutdown-timeout", "5m", "--lease-namespace", "default");
        await using var _ = agent;
        await agent.UntilProbeAsync("/readyz", 200, "ok: leading");
        server.Latency = TimeSpan.FromMinutes(10); // the release hangs, so the first signal's shutdown takes its whole bound
        await agent.SignalAsync("TERM");
        await Poll.UntilAsync(() => agent.Stdout.Contains("\"msg\":\"shutting down\"", StringComparison.Ordinal), "the shutdown starts");

        await agent.SignalAsync("TERM");

        Assert.Equal(1, await agent.ExitCodeAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("second signal received; exiting at once", agent.Stdout, StringComparison.Ordinal);
    }
}
