using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>
/// A generator run that races its ExternalSecret's deletion, made deterministic by holding the Grafana fake's
/// token creation until the ExternalSecret is gone: the run's GeneratorState is written after its owner went, so the
/// API server's garbage collector deletes it at once (the fake, as kube-controller-manager's collector does). The state
/// must be created with the agent's finalizer, so that deletion waits for the clean-up: the token is revoked and no
/// state is left. Created without it, the state vanished with its token still live.
/// </summary>
public sealed class GeneratorStateOwnerRaceTests
{
    [Fact]
    public async Task A_state_written_after_its_external_secret_was_deleted_is_collected_only_after_its_token_is_revoked()
    {
        await using var h = await GeneratorStateHarness.StartAsync(AgentCluster.Watching());
        var c = h.Cluster;
        var adminTokens = h.Grafana.Tokens.Count;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Grafana.InjectFault(FakeFault.Held(release.Task), "create-token");
        c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));
        await using (await c.WatchAsync())
        {
            await Poll.UntilAsync(() => h.Grafana.CallCount("create-token") == 1, "the generator asks Grafana for a token");
            c.Server.Delete(FakeResourceType.ExternalSecret, "team-a", "grafana");
            Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "team-a", "grafana"));
            release.SetResult();

            await Poll.UntilAsync(() => h.Grafana.DeletedTokens.Count == 1 && h.States().Count == 0,
                "the generated token is revoked and its GeneratorState gone");
            var revoked = Assert.Single(h.Grafana.DeletedTokens);
            Assert.DoesNotContain(h.Grafana.Tokens, t => t.Id == revoked.Id);
            Assert.Equal(adminTokens, h.Grafana.Tokens.Count);
            Assert.Null(c.Server.TryGet(FakeResourceType.Secret, "team-a", "grafana"));
        }
    }
}
