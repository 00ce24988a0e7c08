using System.Text.Json.Nodes;
using SecretsKit.Testing.Github;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Github;

/// <summary>ESO's <c>GithubAccessToken</c> generator against the GitHub App fake, which verifies the RS256 App JWT.</summary>
public sealed class GithubGeneratorTests
{
    private static JsonObject Spec(FakeGithubAppServer github, string installId) => new()
    {
        ["url"] = github.BaseAddress.ToString().TrimEnd('/'),
        ["appID"] = github.AppId,
        ["installID"] = installId,
        ["repositories"] = new JsonArray("infra"),
        ["permissions"] = new JsonObject { ["contents"] = "read" },
        ["auth"] = new JsonObject { ["privateKey"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "github-app", ["key"] = "key.pem" } } },
    };

    [Fact]
    public async Task Github_generator_exchanges_an_rs256_app_jwt_for_an_installation_token_narrowed_to_repositories_and_permissions()
    {
        await using var github = await FakeGithubAppServer.StartAsync();
        await using var c = await StartAsync();
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "github-app", new Dictionary<string, string> { ["key.pem"] = github.AppKey.ExportRSAPrivateKeyPem() });
        Generator(c, "GithubAccessToken", "default", "gh", Spec(github, github.InstallationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        c.ExternalSecret("default", "gh", GeneratorSpec(("GithubAccessToken", "gh")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "gh") == "True", c.ReadyMessage("default", "gh"));
        Assert.Equal(FakeGithubAppServer.Token(1), c.Value("default", "gh", "token"));
        Assert.Equal("""{"permissions":{"contents":"read"},"repositories":["infra"]}""", github.LastBody!.ToJsonString());
        Assert.Equal("application/vnd.github.v3+json", Assert.Single(github.Requests).Header("Accept"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Github_generator_signed_with_another_key_or_for_an_unknown_installation_reports_githubs_answer()
    {
        await using var github = await FakeGithubAppServer.StartAsync();
        using var other = System.Security.Cryptography.RSA.Create(2048);
        await using var c = await StartAsync();
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Namespace("team-b");
        c.Secret("default", "github-app", new Dictionary<string, string> { ["key.pem"] = other.ExportRSAPrivateKeyPem() });
        c.Secret("team-b", "github-app", new Dictionary<string, string> { ["key.pem"] = github.AppKey.ExportRSAPrivateKeyPem() });
        Generator(c, "ClusterGenerator", null, "gh", new JsonObject
        {
            ["kind"] = "GithubAccessToken",
            ["generator"] = new JsonObject { ["githubAccessTokenSpec"] = Spec(github, "1") },
        });
        Generator(c, "GithubAccessToken", "default", "gh", Spec(github, github.InstallationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        c.ExternalSecret("default", "gh", GeneratorSpec(("GithubAccessToken", "gh")));
        c.ExternalSecret("team-b", "gh", GeneratorSpec(("ClusterGenerator", "gh")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "gh"));
        Assert.Contains("response code: 401, response: A JSON web token could not be decoded", c.ReadyMessage("default", "gh"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-b", "gh"));
        Assert.Contains("response code: 404, response: Not Found", c.ReadyMessage("team-b", "gh"), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", c.ReadyMessage("default", "gh"), StringComparison.Ordinal);
    }
}
