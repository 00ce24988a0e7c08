using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Generators.Gitlab;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Gitlab;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Gitlab;

/// <summary>
/// ESO's <c>GitlabDeployToken</c> generator against the GitLab fake (project and group deploy tokens, PRIVATE-TOKEN auth
/// with the api scope and Maintainer/Owner roles, revocation), through the Kubernetes API fake with the chart's CRDs, and
/// its state and cleanup called directly (GitlabGeneratorStateTests runs them under the GeneratorState lifecycle).
/// </summary>
public sealed class GitlabDeployTokenGeneratorTests
{
    private static async Task<AgentCluster> ClusterAsync()
    {
        var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        return c;
    }

    private static JsonObject Spec(string url, string? projectId = null, string? groupId = null, string secret = "gitlab-api", params string[] scopes)
    {
        var spec = new JsonObject
        {
            ["url"] = url,
            ["name"] = "ci-pull",
            ["scopes"] = new JsonArray([.. (scopes.Length == 0 ? ["read_registry"] : scopes).Select(s => (JsonNode)s)]),
            ["auth"] = new JsonObject { ["token"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = secret, ["key"] = "token" } } },
        };
        if (projectId is not null) spec["projectID"] = projectId;
        if (groupId is not null) spec["groupID"] = groupId;
        return spec;
    }

    private static GeneratorCall Call(AgentCluster c, JsonObject spec, string ns = "team-a") =>
        new(spec, "GitlabDeployToken " + ns + "/gitlab", ns, c.Client, c.Providers.Context);

    private static readonly GitlabDeployTokenGenerator Gitlab = (GitlabDeployTokenGenerator)GeneratorRegistry.Find("GitlabDeployToken")!;

    [Fact]
    public async Task GitlabDeployToken_creates_a_project_token_by_path_and_a_group_token_by_id_with_esos_request_and_keys()
    {
        await using var gitlab = await FakeGitlabServer.StartAsync();
        await using var c = await ClusterAsync();
        gitlab.AddProject(7, "team/app");
        gitlab.AddGroup(3, "team");
        var api = gitlab.AddAccessToken(new Dictionary<string, string> { ["projects/7"] = "Maintainer", ["groups/3"] = "Owner" });
        c.Secret("team-a", "gitlab-api", new Dictionary<string, string> { ["token"] = api + "\n" });
        c.Secret("team-b", "gitlab-api", new Dictionary<string, string> { ["token"] = api });
        var url = gitlab.BaseAddress.ToString(); // with a trailing slash, which ESO trims
        var project = Spec(url, projectId: "team/app", scopes: ["read_repository", "read_virtual_registry"]);
        project["username"] = "puller";
        project["expiresAt"] = "2030-01-02T04:04:05+01:00";
        Generator(c, "GitlabDeployToken", "team-a", "gitlab", project);
        Generator(c, "ClusterGenerator", null, "gitlab", new JsonObject
        {
            ["kind"] = "GitlabDeployToken",
            ["generator"] = new JsonObject { ["gitlabDeployTokenSpec"] = Spec(url.TrimEnd('/'), groupId: "3") },
        });
        c.ExternalSecret("team-a", "gitlab", GeneratorSpec(("GitlabDeployToken", "gitlab")));
        c.ExternalSecret("team-b", "gitlab", GeneratorSpec(("ClusterGenerator", "gitlab")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-a", "gitlab") == "True", c.ReadyMessage("team-a", "gitlab"));
        Assert.True(c.ReadyStatus("team-b", "gitlab") == "True", c.ReadyMessage("team-b", "gitlab"));
        var projectToken = Assert.Single(gitlab.DeployTokens, t => t.Owner == "projects/7");
        var groupToken = Assert.Single(gitlab.DeployTokens, t => t.Owner == "groups/3");
        Assert.Equal(("puller", projectToken.Token), (c.Value("team-a", "gitlab", "username"), c.Value("team-a", "gitlab", "token")));
        Assert.Equal(($"gitlab+deploy-token-{groupToken.Id}", groupToken.Token), (c.Value("team-b", "gitlab", "username"), c.Value("team-b", "gitlab", "token")));
        Assert.Equal(["read_repository", "read_virtual_registry"], projectToken.Scopes);
        Assert.Equal("2030-01-02T03:04:05Z", projectToken.ExpiresAt); // in UTC, as ESO sends metav1.Time
        Assert.Null(groupToken.ExpiresAt);
        var requests = gitlab.Requests.Where(r => r.Operation == "create").ToList();
        var toProject = Assert.Single(requests, r => r.PathAndQuery == "/api/v4/projects/team%2Fapp/deploy_tokens"); // the path as one escaped segment
        Assert.Equal("""{"name":"ci-pull","scopes":["read_repository","read_virtual_registry"],"username":"puller","expires_at":"2030-01-02T03:04:05Z"}""", toProject.Body);
        Assert.Equal(api, toProject.Headers["PRIVATE-TOKEN"]); // trimmed
        Assert.StartsWith("application/json", toProject.Headers["Content-Type"], StringComparison.Ordinal);
        var toGroup = Assert.Single(requests, r => r.PathAndQuery == "/api/v4/groups/3/deploy_tokens");
        Assert.Equal("""{"name":"ci-pull","scopes":["read_registry"]}""", toGroup.Body);
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task GitlabDeployToken_state_is_esos_json_and_cleanup_revokes_that_token_where_it_was_made_and_a_gone_token_is_fine()
    {
        await using var gitlab = await FakeGitlabServer.StartAsync();
        await using var c = await ClusterAsync();
        gitlab.AddProject(7, "team/app");
        gitlab.AddProject(8, "team/other");
        c.Secret("team-a", "gitlab-api", new Dictionary<string, string>
        {
            ["token"] = gitlab.AddAccessToken(new Dictionary<string, string> { ["projects/7"] = "Owner", ["projects/8"] = "Maintainer" }),
        });
        var spec = Spec(gitlab.BaseAddress.ToString(), projectId: "7");

        var first = await Gitlab.GenerateWithStateAsync(Call(c, spec), CancellationToken.None);
        var second = await Gitlab.GenerateWithStateAsync(Call(c, spec), CancellationToken.None);

        Assert.Equal($$"""{"url":"{{gitlab.BaseAddress}}","projectID":"7","tokenID":1}""", first.State!.ToJsonString());
        Assert.Equal(gitlab.DeployTokens[0].Token, System.Text.Encoding.UTF8.GetString(first.Values["token"]));
        spec["projectID"] = "8"; // the spec moved on: the old token is still revoked where it was made
        await Gitlab.CleanupAsync(Call(c, spec), first.State, CancellationToken.None);
        Assert.True(gitlab.DeployTokens[0].Revoked);
        Assert.False(gitlab.DeployTokens[1].Revoked);
        Assert.Equal("/api/v4/projects/7/deploy_tokens/1", Assert.Single(gitlab.Requests, r => r.Operation == "revoke").PathAndQuery);

        await Gitlab.CleanupAsync(Call(c, spec), first.State, CancellationToken.None); // already gone: 404, fine
        await Gitlab.CleanupAsync(Call(c, spec), JsonNode.Parse("""{"url":"","projectID":"7","tokenID":0}""")!, CancellationToken.None); // nothing made

        Assert.Equal(2, gitlab.CallCount("revoke"));
        Assert.False(gitlab.DeployTokens[1].Revoked);
        Assert.NotNull(second.State);
    }

    [Fact]
    public async Task GitlabDeployToken_reports_gitlabs_errors_as_eso_words_them_and_never_the_access_token()
    {
        await using var gitlab = await FakeGitlabServer.StartAsync();
        await using var c = await ClusterAsync();
        gitlab.AddProject(7, "team/app");
        gitlab.AddGroup(3, "team");
        var url = gitlab.BaseAddress.ToString();
        c.Secret("team-a", "unknown", new Dictionary<string, string> { ["token"] = "glpat-unknown-token" });
        c.Secret("team-a", "readonly", new Dictionary<string, string> { ["token"] = gitlab.AddAccessToken(new Dictionary<string, string> { ["projects/7"] = "Owner" }, apiScope: false) });
        c.Secret("team-a", "developer", new Dictionary<string, string> { ["token"] = gitlab.AddAccessToken(new Dictionary<string, string> { ["projects/7"] = "Developer" }) });
        c.Secret("team-a", "owner", new Dictionary<string, string> { ["token"] = gitlab.AddAccessToken(new Dictionary<string, string> { ["projects/7"] = "Owner", ["groups/3"] = "Owner" }) });
        var cases = new (string Name, JsonObject Spec, string Message)[]
        {
            ("unknown", Spec(url, projectId: "7", secret: "unknown"), "error generating deploy token: response code: 401, response: 401 Unauthorized"),
            ("readonly", Spec(url, projectId: "7", secret: "readonly"), "error generating deploy token: response code: 403, response: insufficient_scope"),
            ("developer", Spec(url, projectId: "7", secret: "developer"), "error generating deploy token: response code: 403, response: 403 Forbidden"),
            ("missing", Spec(url, projectId: "team/none", secret: "owner"), "error generating deploy token: response code: 404, response: 404 Project Not Found"),
            ("virtual", Spec(url, groupId: "team", secret: "owner", scopes: ["write_virtual_registry"]),
                "error generating deploy token: response code: 400, response: scopes does not have a valid value"),
            ("foreign", Spec(url, projectId: "7", secret: "gitlab-api"), "secret team-a/gitlab-api (spec.auth.token.secretRef) not found"),
        };
        c.Secret("team-b", "gitlab-api", new Dictionary<string, string> { ["token"] = "glpat-team-b" });
        foreach (var (name, spec, _) in cases)
        {
            Generator(c, "GitlabDeployToken", "team-a", name, spec);
            c.ExternalSecret("team-a", name, GeneratorSpec(("GitlabDeployToken", name)));
        }

        await c.PassAsync();

        foreach (var (name, _, message) in cases)
        {
            Assert.Equal("False", c.ReadyStatus("team-a", name));
            Assert.Contains(message, c.ReadyMessage("team-a", name), StringComparison.Ordinal);
            Assert.DoesNotContain("glpat-", c.ReadyMessage("team-a", name), StringComparison.Ordinal);
        }
        Assert.Empty(gitlab.DeployTokens);
        Assert.Equal(5, gitlab.CallCount("create"));
        var both = Spec(url, projectId: "7", groupId: "3", secret: "owner");
        var e = await Assert.ThrowsAsync<ReconcileException>(() => Gitlab.GenerateAsync(Call(c, both), CancellationToken.None));
        Assert.EndsWith("exactly one of projectID or groupID must be set", e.Message, StringComparison.Ordinal);
        var revoke = await Assert.ThrowsAsync<ReconcileException>(() => Gitlab.CleanupAsync(Call(c, Spec(url, projectId: "7", secret: "developer")),
            new JsonObject { ["url"] = url, ["projectID"] = "7", ["tokenID"] = 1 }, CancellationToken.None));
        Assert.EndsWith("error revoking deploy token: response code: 403, response: 403 Forbidden", revoke.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/", "link-local address")]
    [InlineData("http://[fe80::1]:8080/", "link-local address")]
    [InlineData("https://root:hunter2@gitlab.example/", "spec.url may not carry credentials")]
    [InlineData("https://gitlab.example/?private_token=x", "is not an http(s) URL of a host")]
    [InlineData("file:///etc/passwd", "is not an http(s) URL of a host")]
    public async Task GitlabDeployToken_never_sends_the_access_token_to_a_link_local_or_malformed_url(string url, string message)
    {
        await using var c = await ClusterAsync();
        c.Secret("team-a", "gitlab-api", new Dictionary<string, string> { ["token"] = "glpat-secret-value" });
        Generator(c, "GitlabDeployToken", "team-a", "gitlab", Spec(url, projectId: "7"));
        c.ExternalSecret("team-a", "gitlab", GeneratorSpec(("GitlabDeployToken", "gitlab")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "gitlab"));
        Assert.Contains(message, c.ReadyMessage("team-a", "gitlab"), StringComparison.Ordinal);
        Assert.DoesNotContain("glpat-secret-value", c.ReadyMessage("team-a", "gitlab"), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", c.ReadyMessage("team-a", "gitlab"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "gitlab"));
        // a GeneratorState is tenant-written too: its url obeys the same rules on cleanup
        var state = new JsonObject { ["url"] = url, ["projectID"] = "7", ["tokenID"] = 4 };
        var e = await Assert.ThrowsAsync<ReconcileException>(() => Gitlab.CleanupAsync(Call(c, Spec("https://gitlab.example", projectId: "7")), state, CancellationToken.None));
        Assert.Contains(message.Replace("spec.url", "the generator state's url", StringComparison.Ordinal), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
