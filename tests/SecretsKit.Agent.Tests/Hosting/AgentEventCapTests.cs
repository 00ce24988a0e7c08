using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// A failure message longer than the caps, made by a tenant's template (<c>fail</c> with a 50,000-character text),
/// reaches the API server cut through the real agent process: the Ready condition and the Warning Event on the
/// ExternalSecret each hold at most 2,000 characters of it and end with how long it was, and the healthy ExternalSecret
/// beside it still syncs.
/// </summary>
public sealed class AgentEventCapTests
{
    private const int Cap = 2_000;

    [Fact]
    public async Task A_50000_character_failure_is_cut_to_2000_characters_in_the_condition_and_the_event()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "loud", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", target: new JsonObject
            {
                ["name"] = "loud",
                ["template"] = new JsonObject { ["data"] = new JsonObject { ["x"] = "{{ fail \"" + new string('f', 50_000) + "\" }}" } },
            }, data: [("k", "k", null)]),
        });
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) };

        var (code, stdout, stderr) = await AgentProcess.RunAsync(home.Path, env, "--once");

        Assert.True(code == 1, $"exit {code}\n{stderr}");
        var condition = server.TryGet(FakeResourceType.ExternalSecret, "default", "loud")!["status"]!["conditions"]![0]!["message"]!.GetValue<string>();
        var ev = Assert.Single(server.All(FakeResourceType.CoreEvent), e => e["involvedObject"]?["name"]?.GetValue<string>() == "loud");
        var message = ev["message"]!.GetValue<string>();
        Assert.Equal("Warning", ev["type"]!.GetValue<string>());
        foreach (var cut in new[] { condition, message })
        {
            Assert.Contains(new string('f', 1_000), cut, StringComparison.Ordinal);
            Assert.Matches(@"… \([0-9,]+ characters\)$", cut);
            Assert.InRange(cut.Length, Cap - 1, Cap); // the tail is inside the cap (one less when a surrogate pair would be split)
        }
        Assert.True(stdout.Length < 20_000, $"{stdout.Length} characters of output");
        Assert.NotNull(server.TryGet(FakeResourceType.Secret, "default", "es"));
    }
}
