using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Grafana;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>A cluster (Kubernetes API fake with the chart's CRDs) with a Grafana fake and a Grafana generator in team-a.</summary>
internal sealed class GeneratorStateHarness : IAsyncDisposable
{
    private GeneratorStateHarness(AgentCluster cluster, FakeGrafanaServer grafana)
    {
        Cluster = cluster;
        Grafana = grafana;
    }

    public AgentCluster Cluster { get; }

    public FakeGrafanaServer Grafana { get; }

    public FakeResourceType StateType => Cluster.Server.Types.Single(t => t.Kind == "GeneratorState");

    public static async Task<GeneratorStateHarness> StartAsync(AgentOptions? options = null)
    {
        var grafana = await FakeGrafanaServer.StartAsync();
        var c = await AgentCluster.StartAsync(options);
        c.Namespace("team-a");
        c.Secret("team-a", "grafana-admin", new Dictionary<string, string> { ["token"] = grafana.AddServiceAccountToken("eso-admin", "Admin") });
        Generator(c, "Grafana", "team-a", "grafana", GrafanaSpec(grafana.BaseAddress.ToString()));
        return new GeneratorStateHarness(c, grafana);
    }

    public static JsonObject GrafanaSpec(string url) => new()
    {
        ["url"] = url,
        ["auth"] = new JsonObject { ["token"] = new JsonObject { ["name"] = "grafana-admin", ["key"] = "token" } },
        ["serviceAccount"] = new JsonObject { ["name"] = "ci", ["role"] = "Viewer" },
    };

    /// <summary>The GeneratorStates of team-a.</summary>
    public List<JsonObject> States() =>
        [.. Cluster.Server.All(StateType).Where(s => s["metadata"]!["namespace"]!.GetValue<string>() == "team-a")];

    /// <summary>The token the target Secret of team-a/grafana holds, as the Grafana fake knows it (null when unknown or revoked).</summary>
    public FakeGrafanaToken? LiveToken() =>
        Cluster.Value("team-a", "grafana", "token") is { } key ? Grafana.Tokens.FirstOrDefault(t => t.Key == key) : null;

    public static long TokenIdOf(JsonObject state) => state["spec"]!["state"]!["serviceAccount"]!["tokenID"]!.GetValue<long>();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Grafana.DisposeAsync();
    }
}
