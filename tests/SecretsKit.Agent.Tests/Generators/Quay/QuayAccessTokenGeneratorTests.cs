using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Quay;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Quay;

/// <summary>
/// ESO's <c>QuayAccessToken</c> generator against the Quay federation fake, which verifies the ServiceAccount token the
/// agent mints (the API fake's signing key, subject and audience) before it issues a robot token.
/// </summary>
public sealed class QuayAccessTokenGeneratorTests
{
    private static async Task<AgentCluster> ClusterAsync(FakeQuayServer quay)
    {
        var c = await StartAsync(providerOptions: new ProviderOptions { AwsEndpoints = new Dictionary<string, Uri> { ["Quay"] = quay.BaseAddress } });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow); // the fake Quay checks the ServiceAccount token's expiry on the wall clock
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Server.ServiceAccount("team-a", "puller");
        c.Server.ServiceAccount("team-b", "puller");
        return c;
    }

    private static JsonObject Spec(string robot, string? url = null, string? saNamespace = null)
    {
        var sa = new JsonObject { ["name"] = "puller", ["audiences"] = new JsonArray("quay.example.com") };
        if (saNamespace is not null) sa["namespace"] = saNamespace;
        var spec = new JsonObject { ["robotAccount"] = robot, ["serviceAccountRef"] = sa };
        if (url is not null) spec["url"] = url;
        return spec;
    }

    [Fact]
    public async Task Quay_generator_exchanges_the_service_account_token_for_a_robot_token_with_registry_auth_and_expiry()
    {
        await using var quay = await FakeQuayServer.StartAsync();
        await using var c = await ClusterAsync(quay);
        quay.TokenLifetime = TimeSpan.FromMinutes(20);
        quay.FederateRobot("acme+ci", c.Server.TokenRequests.Issuer, "team-a", "puller", "quay.example.com");
        quay.FederateRobot("acme+b", c.Server.TokenRequests.Issuer, "team-b", "puller", "quay.example.com");
        Generator(c, "QuayAccessToken", "team-a", "quay", Spec("acme+ci", url: "https://quay.example.com"));
        Generator(c, "ClusterGenerator", null, "quay", new JsonObject { ["kind"] = "QuayAccessToken", ["generator"] = new JsonObject { ["quayAccessTokenSpec"] = Spec("acme+b") } });
        c.ExternalSecret("team-a", "quay", GeneratorSpec(("QuayAccessToken", "quay")));
        c.ExternalSecret("team-b", "quay", GeneratorSpec(("ClusterGenerator", "quay")));
        var before = DateTimeOffset.UtcNow;

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-a", "quay") == "True", c.ReadyMessage("team-a", "quay"));
        Assert.Equal("quay.example.com", c.Value("team-a", "quay", "registry"));
        Assert.Equal("quay.io", c.Value("team-b", "quay", "registry"));
        var auth = Encoding.UTF8.GetString(Convert.FromBase64String(c.Value("team-a", "quay", "auth")!));
        Assert.StartsWith("acme+ci:", auth, StringComparison.Ordinal);
        Assert.Contains(auth["acme+ci:".Length..], quay.Issued);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(c.Value("team-a", "quay", "expiry")!, CultureInfo.InvariantCulture));
        Assert.InRange(expiry, before.AddMinutes(20).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(20).AddSeconds(1));
        Assert.True(c.ReadyStatus("team-b", "quay") == "True", c.ReadyMessage("team-b", "quay"));
        Assert.StartsWith("acme+b:", Encoding.UTF8.GetString(Convert.FromBase64String(c.Value("team-b", "quay", "auth")!)), StringComparison.Ordinal);
        Assert.Equal(["quay.example.com"], c.Server.TokenRequests.Log[0].Audiences);
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Quay_generator_reports_a_refused_federation_another_namespaces_account_and_a_url_that_is_not_a_host()
    {
        await using var quay = await FakeQuayServer.StartAsync();
        await using var c = await ClusterAsync(quay);
        quay.FederateRobot("acme+ci", c.Server.TokenRequests.Issuer, "team-b", "puller", "quay.example.com");
        Generator(c, "QuayAccessToken", "team-a", "refused", Spec("acme+ci"));
        Generator(c, "QuayAccessToken", "team-a", "foreign", Spec("acme+ci", saNamespace: "team-b"));
        Generator(c, "QuayAccessToken", "team-a", "path", Spec("acme+ci", url: "evil.example/steal?x="));
        foreach (var name in new[] { "refused", "foreign", "path" }) c.ExternalSecret("team-a", name, GeneratorSpec(("QuayAccessToken", name)));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "refused"));
        Assert.Contains("request failed do to unexpected status: 401 Unauthorized", c.ReadyMessage("team-a", "refused"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "foreign"));
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", c.ReadyMessage("team-a", "foreign"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "path"));
        Assert.Contains("is not a host name with an optional port", c.ReadyMessage("team-a", "path"), StringComparison.Ordinal);
        Assert.Empty(quay.Issued);
        Assert.Equal(1, quay.CallCount("robot-token"));
    }
}
