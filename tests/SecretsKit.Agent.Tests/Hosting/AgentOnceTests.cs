using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary><c>secretskit-agent --once</c>, the real process against the fake API server: one pass, a line per ExternalSecret, a summary exit code.</summary>
public sealed class AgentOnceTests
{
    [Fact]
    public async Task Once_syncs_every_external_secret_prints_what_it_wrote_without_values_and_exits_0()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        await using var agent = AgentProcess.Start(home.Path, new() { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) }, "--once");

        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, agent.Stderr);
        Assert.Equal("default/es: Ready SecretSynced -> Secret default/es (keys: k)\n1 of 1 ExternalSecrets synced", agent.Stdout);
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            server.TryGet(FakeResourceType.Secret, "default", "es")!["data"]!["k"]!.GetValue<string>())));
        Assert.Null(AgentProcess.LeaseHolder(server)); // taken for the pass, released after it
    }

    [Fact]
    public async Task Once_reports_an_external_secret_that_fails_and_exits_1()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "missing", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", data: [("x", "no-such-key", null)]),
        });
        await using var agent = AgentProcess.Start(home.Path, new() { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) }, "--once");

        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(1, code);
        var lines = agent.Stdout.Split('\n');
        Assert.Contains("default/es: Ready SecretSynced -> Secret default/es (keys: k)", lines);
        Assert.Contains(lines, l => l.StartsWith("default/missing: NotReady SecretSyncedError: ", StringComparison.Ordinal));
        Assert.Equal("1 of 2 ExternalSecrets synced", lines[^1]);
        Assert.DoesNotContain("\"v\"", agent.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_refuses_to_run_while_another_agent_leads()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        var kubeconfig = AgentProcess.Kubeconfig(server, home.Path);
        await using var leader = AgentProcess.Start(home.Path, new() { ["KUBECONFIG"] = kubeconfig, ["POD_NAME"] = "agent-a" }, "--lease-namespace", "default");
        await leader.UntilProbeAsync("/readyz", 200, "ok: leading");
        await using var once = AgentProcess.Start(home.Path, new() { ["KUBECONFIG"] = kubeconfig }, "--once", "--lease-namespace", "default");

        var code = await once.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.StartsWith("secretskit-agent: another agent (agent-a) holds the Lease default/secretskit-agent-leader", once.Stderr, StringComparison.Ordinal);
        await leader.SignalAsync("TERM");
        Assert.Equal(0, await leader.ExitCodeAsync(TimeSpan.FromSeconds(60)));
    }
}
