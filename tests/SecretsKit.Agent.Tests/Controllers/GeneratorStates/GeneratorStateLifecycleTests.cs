using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>
/// ESO's GeneratorState lifecycle for the Grafana generator, through the Kubernetes API fake (the chart's CRDs, its
/// garbage collector and finalizers) and the Grafana fake, with the agent watching: each sync keeps its token in a
/// GeneratorState owned by the ExternalSecret; a replaced one gets a deadline of now + the grace period and is deleted at
/// it, which revokes its token; deleting the ExternalSecret revokes the current one.
/// </summary>
public sealed class GeneratorStateLifecycleTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Grafana_tokens_live_in_generator_states_a_replaced_one_is_revoked_at_its_deadline_and_the_last_when_the_external_secret_goes()
    {
        await using var h = await GeneratorStateHarness.StartAsync(AgentCluster.Watching(new AgentOptions { GeneratorGcGracePeriod = Grace }));
        var c = h.Cluster;
        var es = c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));
        await using (await c.WatchAsync())
        {
            // first sync: one state, owned by the ExternalSecret, labelled with ESO's owner key, finalized and Ready
            await Poll.UntilAsync(() => h.States() is [{ } s] && s["status"]?["conditions"] is JsonArray { Count: > 0 }, "the first GeneratorState is reconciled");
            var first = Assert.Single(h.States());
            var firstToken = h.LiveToken();
            Assert.NotNull(firstToken);
            Assert.StartsWith("gen-externalsecret-grafana-", first["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
            var owner = Assert.Single(first["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal("external-secrets.io/v1", owner["apiVersion"]!.GetValue<string>());
            Assert.Equal("ExternalSecret", owner["kind"]!.GetValue<string>());
            Assert.Equal("grafana", owner["name"]!.GetValue<string>());
            Assert.Equal(es["metadata"]!["uid"]!.GetValue<string>(), owner["uid"]!.GetValue<string>());
            // SHA3-224 of "ExternalSecret-team-a-grafana-0" (Python's hashlib.sha3_224), as ESO's ObjectHash labels it
            Assert.Equal("8050b826872d20f3b2cc8748fabfcef5e2a543cf0c561389e0fd3355",
                first["metadata"]!["labels"]!["generators.external-secrets.io/owner-key"]!.GetValue<string>());
            Assert.Equal(["generatorstate.externalsecrets.io/finalizer"], first["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
            Assert.Equal("Grafana", first["spec"]!["resource"]!["kind"]!.GetValue<string>());
            Assert.Equal("generators.external-secrets.io/v1alpha1", first["spec"]!["resource"]!["apiVersion"]!.GetValue<string>());
            Assert.Equal(h.Grafana.BaseAddress.ToString(), first["spec"]!["resource"]!["spec"]!["url"]!.GetValue<string>());
            Assert.Equal(firstToken.Id, GeneratorStateHarness.TokenIdOf(first));
            Assert.Equal(firstToken.ServiceAccountId, first["spec"]!["state"]!["serviceAccount"]!["id"]!.GetValue<long>());
            Assert.Equal(c.Value("team-a", "grafana", "login"), first["spec"]!["state"]!["serviceAccount"]!["login"]!.GetValue<string>());
            Assert.Null(first["spec"]!["garbageCollectionDeadline"]);
            var ready = first["status"]!["conditions"]![0]!;
            Assert.Equal(("Ready", "True", "Created", "GeneratorState created"),
                (ready["type"]!.GetValue<string>(), ready["status"]!.GetValue<string>(), ready["reason"]!.GetValue<string>(), ready["message"]!.GetValue<string>()));

            // force-sync: a second state; the first is flagged with now + the grace period, its token still valid
            var forced = c.Server.TryGet(FakeResourceType.ExternalSecret, "team-a", "grafana")!;
            forced["metadata"]!["annotations"] = new JsonObject { ["force-sync"] = "1" };
            c.Server.Replace(FakeResourceType.ExternalSecret, "team-a", "grafana", forced);
            await Poll.UntilAsync(() => h.States().Count == 2 && h.States().Any(s => s["spec"]?["garbageCollectionDeadline"] is not null),
                "a second GeneratorState, and the first one flagged");
            var secondToken = h.LiveToken();
            Assert.NotNull(secondToken);
            Assert.NotEqual(firstToken.Id, secondToken.Id);
            var flagged = Assert.Single(h.States(), s => s["spec"]?["garbageCollectionDeadline"] is not null);
            Assert.Equal(firstToken.Id, GeneratorStateHarness.TokenIdOf(flagged));
            Assert.Equal(KubeTime.Format(c.Time.GetUtcNow() + Grace), flagged["spec"]!["garbageCollectionDeadline"]!.GetValue<string>());
            Assert.Equal(secondToken.Id, GeneratorStateHarness.TokenIdOf(Assert.Single(h.States(), s => s["spec"]?["garbageCollectionDeadline"] is null)));
            Assert.Contains(h.Grafana.Tokens, t => t.Id == firstToken.Id);
            Assert.Empty(h.Grafana.DeletedTokens);

            // past the deadline: the first state is deleted and its token revoked; the current one stays
            c.Time.Advance(Grace + TimeSpan.FromSeconds(1));
            await Poll.UntilAsync(() => h.States().Count == 1 && h.Grafana.DeletedTokens.Count == 1, "the flagged GeneratorState is collected");
            Assert.Equal(firstToken.Id, Assert.Single(h.Grafana.DeletedTokens).Id);
            Assert.Equal(secondToken.Id, GeneratorStateHarness.TokenIdOf(Assert.Single(h.States())));
            Assert.Equal(secondToken.Key, h.LiveToken()?.Key);

            // the ExternalSecret goes: the API server's garbage collector deletes its state, whose finalizer revokes the token
            c.Server.Delete(FakeResourceType.ExternalSecret, "team-a", "grafana");
            await Poll.UntilAsync(() => h.States().Count == 0 && h.Grafana.DeletedTokens.Count == 2, "the last GeneratorState is cleaned up");
            Assert.Equal(secondToken.Id, h.Grafana.DeletedTokens[1].Id);
            Assert.DoesNotContain(h.Grafana.Tokens, t => t.Id == secondToken.Id);
        }
        Assert.Empty(c.Server.UnknownFields);
    }
}
