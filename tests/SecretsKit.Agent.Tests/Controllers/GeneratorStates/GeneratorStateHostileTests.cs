using System.Text.Json.Nodes;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>
/// GeneratorStates are namespaced and tenant-writable: one naming a kind the agent does not run, a resource that is not
/// a manifest, or a state the generator cannot read ends as a <c>Ready=False</c> <c>Error</c> condition with ESO's message
/// (its deletion stays blocked by the finalizer, as in ESO), while the agent goes on syncing everything else.
/// </summary>
public sealed class GeneratorStateHostileTests
{
    private static JsonObject State(string name, JsonNode? resource, JsonNode? state) => new()
    {
        ["apiVersion"] = "generators.external-secrets.io/v1alpha1",
        ["kind"] = "GeneratorState",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "team-a" },
        ["spec"] = new JsonObject { ["garbageCollectionDeadline"] = "2020-01-01T00:00:00Z", ["resource"] = resource, ["state"] = state },
    };

    private static (string? Status, string? Reason, string? Message) Ready(GeneratorStateHarness h, string name)
    {
        var ready = h.Cluster.Server.TryGet(h.StateType, "team-a", name)?["status"]?["conditions"]?.AsArray().FirstOrDefault(x => x?["type"]?.GetValue<string>() == "Ready");
        return (ready?["status"]?.GetValue<string>(), ready?["reason"]?.GetValue<string>(), ready?["message"]?.GetValue<string>());
    }

    [Fact]
    public async Task Hostile_generator_states_get_an_error_condition_and_the_agent_keeps_reconciling()
    {
        await using var h = await GeneratorStateHarness.StartAsync(AgentCluster.Watching());
        var c = h.Cluster;
        c.Server.Create(h.StateType, "team-a", State("unknown-kind", new JsonObject { ["apiVersion"] = "generators.external-secrets.io/v1alpha1", ["kind"] = "Nope", ["spec"] = new JsonObject() }, new JsonObject()));
        c.Server.Create(h.StateType, "team-a", State("garbage", JsonValue.Create("not a manifest"), JsonValue.Create(42)));
        c.Server.Create(h.StateType, "team-a", State("no-kind", new JsonObject { ["spec"] = new JsonObject() }, new JsonObject()));
        c.Server.Create(h.StateType, "team-a", State("bad-state", new JsonObject
        {
            ["apiVersion"] = "generators.external-secrets.io/v1alpha1",
            ["kind"] = "Grafana",
            ["spec"] = GeneratorStateHarness.GrafanaSpec(h.Grafana.BaseAddress.ToString()),
        }, new JsonObject { ["serviceAccount"] = new JsonObject { ["id"] = "../../admin", ["tokenID"] = -1 } }));
        c.Server.Create(h.StateType, "team-a", State("link-local", new JsonObject
        {
            ["apiVersion"] = "generators.external-secrets.io/v1alpha1",
            ["kind"] = "Grafana",
            ["spec"] = GeneratorStateHarness.GrafanaSpec("http://169.254.169.254/"),
        }, new JsonObject { ["serviceAccount"] = new JsonObject { ["id"] = 1, ["tokenID"] = 1 } }));
        // a stateless kind has nothing to clean up: collected as ESO's no-op Cleanup lets it be
        c.Server.Create(h.StateType, "team-a", State("password", new JsonObject { ["apiVersion"] = "generators.external-secrets.io/v1alpha1", ["kind"] = "Password", ["spec"] = new JsonObject() }, new JsonObject()));

        await using (await c.WatchAsync())
        {
            await Poll.UntilAsync(() => Ready(h, "unknown-kind").Reason == "Error" && Ready(h, "garbage").Reason == "Error" && Ready(h, "no-kind").Reason == "Error"
                && Ready(h, "bad-state").Reason == "Error" && Ready(h, "link-local").Reason == "Error", "every hostile GeneratorState reports an error");
            await Poll.UntilAsync(() => c.Server.TryGet(h.StateType, "team-a", "password") is null, "the stateless one is collected");

            // the agent is still working: an ExternalSecret created now syncs and gets its own state
            c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));
            await Poll.UntilAsync(() => c.ReadyStatus("team-a", "grafana") == "True", "an ExternalSecret created afterwards syncs");
        }

        Assert.Equal(("False", "Error", "could not get generator: generator not found"), Ready(h, "unknown-kind"));
        Assert.Equal(("False", "Error", "could not get generator: unable to unmarshal resource: the resource is not an object"), Ready(h, "garbage"));
        Assert.Equal(("False", "Error", "could not get generator: unable to unmarshal resource: Object 'Kind' is missing"), Ready(h, "no-kind"));
        Assert.StartsWith("could not cleanup generator state: ", Ready(h, "bad-state").Message, StringComparison.Ordinal);
        Assert.Contains("the state has no service account id", Ready(h, "bad-state").Message, StringComparison.Ordinal);
        Assert.Contains("link-local address", Ready(h, "link-local").Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Ready(h, "link-local").Message!, h.Grafana.Tokens.Select(t => t.Key));
        // their deletion waits on the finalizer, as ESO's does; nothing was revoked on their say
        foreach (var name in new[] { "unknown-kind", "garbage", "no-kind", "bad-state", "link-local" })
        {
            var held = c.Server.TryGet(h.StateType, "team-a", name)!;
            Assert.NotNull(held["metadata"]!["deletionTimestamp"]);
            Assert.Equal(["generatorstate.externalsecrets.io/finalizer"], held["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        }
        Assert.Empty(h.Grafana.DeletedTokens);
        Assert.Single(h.States(), s => s["metadata"]!["ownerReferences"] is not null);
    }
}
