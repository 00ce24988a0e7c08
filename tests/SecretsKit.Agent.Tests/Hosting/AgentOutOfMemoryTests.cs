using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// A template that stays inside every template budget (steps, time, output, each function result) but keeps enough
/// alive to pass the agent's heap limit: the real process under <c>DOTNET_GCHeapHardLimit</c>, as the chart's memory
/// limit sets it. The <see cref="OutOfMemoryException"/> ends in that ExternalSecret's status, and the agent goes on.
/// </summary>
public sealed class AgentOutOfMemoryTests
{
    /// <summary>
    /// One step past the heap limit: <c>splitList ""</c> cuts the 1,000,000 characters of <c>repeat</c> (under the output
    /// budget) into 1,000,000 one-character strings, which needs more than 32 MiB inside that one function call while it
    /// charges 13 million of the 16 Mi characters of the build budget. The template's only other work is the <c>repeat</c>,
    /// so its wall-clock budget (1 s, checked between steps) cannot end it first, however loaded the machine is.
    /// </summary>
    private static string Bomb() => "{{ len (splitList \"\" (repeat 1000000 \"a\")) }}";

    [Fact]
    public async Task A_template_that_exhausts_the_heap_limit_ends_in_its_status_and_the_other_external_secret_still_syncs()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "bomb", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", target: new JsonObject
            {
                ["name"] = "bomb",
                ["template"] = new JsonObject { ["data"] = new JsonObject { ["x"] = Bomb() } },
            }, data: [("k", "k", null)]),
        });
        var env = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path),
            ["DOTNET_GCHeapHardLimit"] = "0x2000000", // 32 MiB of managed heap: the bomb's one splitList runs out of it
        };
        await using var agent = AgentProcess.Start(home.Path, env, "--once", "--concurrency", "1");

        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(90));

        const string Message = "the reconcile ran out of resources (OutOfMemoryException): a template or the fetched data is too large for the agent's limits";
        Assert.True(code == 1, $"exit {code}\n{agent.Stdout}\n{agent.Stderr}");
        var lines = agent.Stdout.Split('\n');
        Assert.Contains("default/bomb: NotReady SecretSyncedError: " + Message, lines);
        Assert.Contains("default/es: Ready SecretSynced -> Secret default/es (keys: k)", lines);
        var condition = server.TryGet(FakeResourceType.ExternalSecret, "default", "bomb")!["status"]!["conditions"]![0]!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal(Message, condition["message"]!.GetValue<string>());
        Assert.Null(server.TryGet(FakeResourceType.Secret, "default", "bomb"));
    }
}
