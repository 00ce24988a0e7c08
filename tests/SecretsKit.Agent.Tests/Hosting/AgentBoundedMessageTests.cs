using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// A tenant's input quoted in a status stays short: a 100 KB <c>remoteRef.key</c> that the store does not hold ends in a
/// Ready condition (through the real agent process) that quotes the key bounded, with its length.
/// </summary>
public sealed class AgentBoundedMessageTests
{
    [Fact]
    public async Task A_100_kb_remote_ref_key_is_quoted_bounded_in_the_condition()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        var key = new string('k', 100_000);
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "long-key", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", data: [("k", key, null)]),
        });
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) };

        var (code, stdout, stderr) = await AgentProcess.RunAsync(home.Path, env, "--once");

        Assert.True(code == 1, $"exit {code}\n{stderr}");
        var message = server.TryGet(FakeResourceType.ExternalSecret, "default", "long-key")!["status"]!["conditions"]![0]!["message"]!.GetValue<string>();
        Assert.True(message.Length < 500, $"{message.Length} characters");
        Assert.Contains("(100,000 characters)", message, StringComparison.Ordinal);
        Assert.True(stdout.Length < 20_000, $"{stdout.Length} characters of output");
        Assert.NotNull(server.TryGet(FakeResourceType.Secret, "default", "es"));
    }
}
