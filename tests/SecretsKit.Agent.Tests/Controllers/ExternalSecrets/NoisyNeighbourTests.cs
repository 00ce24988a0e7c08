using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>One tenant's spinning templates cannot hold the workers other tenants need.</summary>
[Collection(RunAlone.Name)]
public sealed class NoisyNeighbourTests
{
    private const int Concurrency = 2;

    private static JsonObject Spinning() => new()
    {
        ["template"] = new JsonObject
        {
            ["data"] = new JsonObject { ["k"] = "{{ range 100000 }}{{ range 100000 }}{{ end }}{{ end }}" },
        },
    };

    [Fact]
    public async Task Spinning_templates_fail_on_their_budget_and_another_namespace_still_syncs_within_two_seconds()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { Concurrency = Concurrency }));
        c.Namespace("noisy");
        c.Namespace("quiet");
        c.Store("noisy", "store", FakeProvider(("k", "v")));
        c.Store("quiet", "store", FakeProvider(("k", "v")));
        for (var i = 0; i < Concurrency; i++) c.ExternalSecret("noisy", $"spin-{i}", Spec("store", target: Spinning(), data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();

        c.ExternalSecret("quiet", "es", Spec("store", data: [("k", "k", null)]));
        await Poll.UntilAsync(() => c.Value("quiet", "es", "k") == "v", "the other namespace's ExternalSecret is synced", TimeSpan.FromSeconds(2));

        for (var i = 0; i < Concurrency; i++)
        {
            var name = $"spin-{i}";
            await Poll.UntilAsync(() => c.ReadyStatus("noisy", name) == "False", "the spinning template is reported");
            Assert.Matches("budget of [0-9]+ evaluation steps|time limit of", c.ReadyMessage("noisy", name));
            Assert.Null(c.TargetSecret("noisy", name));
        }
    }
}
