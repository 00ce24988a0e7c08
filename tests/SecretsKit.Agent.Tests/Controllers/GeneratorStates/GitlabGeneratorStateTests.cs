using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Gitlab;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>
/// The GitLab deploy token generator under the GeneratorState lifecycle, with the agent watching the Kubernetes API fake
/// (the chart's CRDs) and the GitLab fake: a refresh's new token replaces the old one, which GitLab revokes once the grace
/// period ends; the current one is revoked when the ExternalSecret goes.
/// </summary>
public sealed class GitlabGeneratorStateTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_replaced_deploy_token_is_revoked_at_its_deadline_and_the_last_one_when_the_external_secret_goes()
    {
        await using var gitlab = await FakeGitlabServer.StartAsync();
        gitlab.AddProject(7, "team/app");
        var api = gitlab.AddAccessToken(new Dictionary<string, string> { ["projects/7"] = "Maintainer" });
        await using var c = await AgentCluster.StartAsync(AgentCluster.Watching(new AgentOptions { GeneratorGcGracePeriod = Grace }));
        c.Namespace("team-a");
        c.Secret("team-a", "gitlab-api", new Dictionary<string, string> { ["token"] = api });
        Generator(c, "GitlabDeployToken", "team-a", "gitlab", new JsonObject
        {
            ["url"] = gitlab.BaseAddress.ToString(),
            ["projectID"] = "7",
            ["name"] = "ci-pull",
            ["scopes"] = new JsonArray("read_registry"),
            ["auth"] = new JsonObject { ["token"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "gitlab-api", ["key"] = "token" } } },
        });
        c.ExternalSecret("team-a", "registry", GeneratorSpec(("GitlabDeployToken", "gitlab")));
        var stateType = c.Server.Types.Single(t => t.Kind == "GeneratorState");
        List<JsonObject> States() => [.. c.Server.All(stateType).Where(s => s["metadata"]!["namespace"]!.GetValue<string>() == "team-a")];
        FakeGitlabDeployToken Live() => gitlab.DeployTokens.Single(t => t.Token == c.Value("team-a", "registry", "token"));

        await using (await c.WatchAsync())
        {
            await Poll.UntilAsync(() => States() is [{ } s] && s["status"]?["conditions"] is JsonArray { Count: > 0 }, "the first GeneratorState is reconciled");
            var first = Live();
            var state = Assert.Single(States())["spec"]!["state"]!;
            Assert.Equal(first.Id, state["tokenID"]!.GetValue<long>());
            Assert.Equal("7", state["projectID"]!.GetValue<string>());

            var forced = c.Server.TryGet(FakeResourceType.ExternalSecret, "team-a", "registry")!;
            forced["metadata"]!["annotations"] = new JsonObject { ["force-sync"] = "1" };
            c.Server.Replace(FakeResourceType.ExternalSecret, "team-a", "registry", forced);
            await Poll.UntilAsync(() => States().Count == 2 && States().Any(s => s["spec"]?["garbageCollectionDeadline"] is not null), "a second state, the first flagged");
            var second = Live();
            Assert.NotEqual(first.Id, second.Id);
            Assert.DoesNotContain(gitlab.DeployTokens, t => t.Revoked); // still inside the grace period

            c.Time.Advance(Grace + TimeSpan.FromSeconds(1));
            await Poll.UntilAsync(() => States().Count == 1 && gitlab.DeployTokens.Any(t => t.Revoked), "the replaced token is revoked");
            Assert.Equal([first.Id], gitlab.DeployTokens.Where(t => t.Revoked).Select(t => t.Id));

            c.Server.Delete(FakeResourceType.ExternalSecret, "team-a", "registry");
            await Poll.UntilAsync(() => States().Count == 0 && gitlab.DeployTokens.Count(t => t.Revoked) == 2, "the last token is revoked");
            Assert.All(gitlab.DeployTokens, t => Assert.True(t.Revoked));
            Assert.Equal(2, gitlab.DeployTokens.Count);
        }
    }
}
