using SecretsKit.Agent.Model;

using SecretsKit.Testing.Http;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>
/// A sync that fails after its generator ran (the target Secret cannot be written) undoes the run, as ESO's state
/// manager rolls back: the token is revoked at once, or, when Grafana refuses that too, kept in a GeneratorState due now.
/// </summary>
public sealed class GeneratorStateRollbackTests
{
    [Fact]
    public async Task A_failed_secret_write_revokes_the_token_the_sync_just_created_and_stores_no_state()
    {
        await using var h = await GeneratorStateHarness.StartAsync();
        var c = h.Cluster;
        c.Server.InjectFault("/namespaces/team-a/secrets", 422, times: 100, method: "POST");
        c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "grafana"));
        Assert.Null(c.TargetSecret("team-a", "grafana"));
        var revoked = Assert.Single(h.Grafana.DeletedTokens);
        Assert.NotEqual("bootstrap", revoked.Name);
        Assert.Equal(["bootstrap"], h.Grafana.Tokens.Select(t => t.Name)); // only the admin's own token is left
        Assert.Empty(h.States());
    }

    [Fact]
    public async Task A_failed_secret_write_whose_revocation_fails_too_leaves_a_state_due_now_that_the_next_pass_cleans_up()
    {
        await using var h = await GeneratorStateHarness.StartAsync();
        var c = h.Cluster;
        c.Server.InjectFault("/namespaces/team-a/secrets", 422, times: 100, method: "POST");
        h.Grafana.InjectFault(FakeFault.ServerError(), "delete-token");
        c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));

        await c.PassAsync(); // the sync fails, the revocation fails: the state is stored with a deadline of now

        Assert.Empty(h.Grafana.DeletedTokens);
        var generated = Assert.Single(h.Grafana.Tokens, t => t.Name != "bootstrap");
        await Poll.UntilAsync(() => h.States().Count == 1, "the rolled-back state is stored");
        var state = Assert.Single(h.States());
        Assert.Equal(generated.Id, GeneratorStateHarness.TokenIdOf(state));
        Assert.Equal(KubeTime.Format(c.Time.GetUtcNow()), state["spec"]!["garbageCollectionDeadline"]!.GetValue<string>());

        await c.PassAsync(); // the GeneratorState controller deletes it (due), its finalizer runs the cleanup
        await c.PassAsync();

        // (each pass also retries the failing sync, whose own token is rolled back at once)
        Assert.Contains(h.Grafana.DeletedTokens, t => t.Id == generated.Id);
        Assert.Null(c.Server.TryGet(h.StateType, "team-a", state["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(["bootstrap"], h.Grafana.Tokens.Select(t => t.Name));
        Assert.Empty(h.States());
    }
}
