using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Testing.Gcp;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Gcr;

/// <summary>
/// ESO's <c>GCRAccessToken</c> generator against the Google OAuth fake, which verifies the RS256 assertion signed with
/// the tenant's JSON key: the token, <c>oauth2accesstoken</c> and the expiry Google stated, namespaced and as a ClusterGenerator.
/// </summary>
public sealed class GcrAccessTokenGeneratorTests
{
    private static JsonObject Spec(string secret) => new()
    {
        ["projectID"] = "registry-project",
        ["auth"] = new JsonObject
        {
            ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = secret, ["key"] = "key.json" } },
        },
    };

    [Fact]
    public async Task Gcr_generator_exchanges_the_tenants_json_key_for_an_access_token_with_username_and_expiry()
    {
        await using var google = await FakeGcpSecretManagerServer.StartAsync();
        google.TokenLifetime = TimeSpan.FromMinutes(45);
        await using var c = await StartAsync(providerOptions: new ProviderOptions { Gcp = new GcpEndpoints { OAuth2Token = google.TokenUri } });
        c.Namespace("team-b");
        c.Secret("default", "gcr-key", new Dictionary<string, string> { ["key.json"] = google.CreateServiceAccount("puller@registry-project.iam.gserviceaccount.com") });
        c.Secret("team-b", "gcr-key", new Dictionary<string, string> { ["key.json"] = google.CreateServiceAccount("other@registry-project.iam.gserviceaccount.com") });
        Generator(c, "GCRAccessToken", "default", "gcr", Spec("gcr-key"));
        Generator(c, "ClusterGenerator", null, "gcr", new JsonObject { ["kind"] = "GCRAccessToken", ["generator"] = new JsonObject { ["gcrAccessTokenSpec"] = Spec("gcr-key") } });
        c.ExternalSecret("default", "gcr", GeneratorSpec(("GCRAccessToken", "gcr")));
        c.ExternalSecret("team-b", "gcr", GeneratorSpec(("ClusterGenerator", "gcr")));
        var before = DateTimeOffset.UtcNow;

        await c.PassAsync();

        foreach (var ns in new[] { "default", "team-b" })
        {
            Assert.True(c.ReadyStatus(ns, "gcr") == "True", c.ReadyMessage(ns, "gcr"));
            Assert.Equal("oauth2accesstoken", c.Value(ns, "gcr", "username"));
            Assert.True(google.HasIssued(c.Value(ns, "gcr", "password")!));
            var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(c.Value(ns, "gcr", "expiry")!, CultureInfo.InvariantCulture));
            Assert.InRange(expiry, before.AddMinutes(45).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(45).AddSeconds(1));
        }
        Assert.NotEqual(c.Value("default", "gcr", "password"), c.Value("team-b", "gcr", "password"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Gcr_generator_without_auth_or_with_another_namespaces_key_never_uses_the_agents_identity()
    {
        await using var google = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await StartAsync(providerOptions: new ProviderOptions { Gcp = new GcpEndpoints { OAuth2Token = google.TokenUri } });
        c.Namespace("team-b");
        c.Secret("team-b", "gcr-key", new Dictionary<string, string> { ["key.json"] = google.CreateServiceAccount() });
        Generator(c, "GCRAccessToken", "default", "none", new JsonObject { ["projectID"] = "p", ["auth"] = new JsonObject() });
        var foreign = Spec("gcr-key");
        foreign["auth"]!["secretRef"]!["secretAccessKeySecretRef"]!["namespace"] = "team-b";
        Generator(c, "GCRAccessToken", "default", "foreign", foreign);
        c.ExternalSecret("default", "none", GeneratorSpec(("GCRAccessToken", "none")));
        c.ExternalSecret("default", "foreign", GeneratorSpec(("GCRAccessToken", "foreign")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "none"));
        Assert.Contains("only a ClusterSecretStore may use the agent's own Google identity", c.ReadyMessage("default", "none"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("default", "foreign"));
        Assert.Contains("may not reference namespace 'team-b'", c.ReadyMessage("default", "foreign"), StringComparison.Ordinal);
        Assert.Equal(0, google.TotalCalls);
    }
}
