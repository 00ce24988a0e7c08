using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Cloudsmith;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Cloudsmith;

/// <summary>
/// ESO's <c>CloudsmithAccessToken</c> generator against the Cloudsmith OIDC fake, which verifies the ServiceAccount token
/// the agent mints with the TokenRequest API (the API fake's signing key, subject and audience) before it issues an
/// access token.
/// </summary>
public sealed class CloudsmithAccessTokenGeneratorTests
{
    private static async Task<AgentCluster> ClusterAsync()
    {
        var c = await StartAsync();
        c.Time.SetUtcNow(DateTimeOffset.UtcNow); // the fake Cloudsmith checks the ServiceAccount token's expiry on the wall clock
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Server.ServiceAccount("team-a", "puller");
        c.Server.ServiceAccount("team-b", "puller");
        return c;
    }

    private static JsonObject Spec(string apiUrl, string org = "acme", string service = "ci", string? saNamespace = null)
    {
        var sa = new JsonObject { ["name"] = "puller", ["audiences"] = new JsonArray("https://api.cloudsmith.io") };
        if (saNamespace is not null) sa["namespace"] = saNamespace;
        return new JsonObject { ["apiUrl"] = apiUrl, ["orgSlug"] = org, ["serviceSlug"] = service, ["serviceAccountRef"] = sa };
    }

    [Fact]
    public async Task Cloudsmith_generator_exchanges_the_service_account_token_for_an_access_token_with_auth_and_expiry()
    {
        await using var cloudsmith = await FakeCloudsmithServer.StartAsync();
        await using var c = await ClusterAsync();
        cloudsmith.TokenLifetime = TimeSpan.FromMinutes(30);
        cloudsmith.FederateService("acme", "ci", c.Server.TokenRequests.Issuer, "team-a", "puller", "https://api.cloudsmith.io");
        cloudsmith.FederateService("acme", "builds", c.Server.TokenRequests.Issuer, "team-b", "puller", "https://api.cloudsmith.io");
        var url = cloudsmith.BaseAddress.ToString().TrimEnd('/');
        Generator(c, "CloudsmithAccessToken", "team-a", "cs", Spec(url));
        Generator(c, "ClusterGenerator", null, "cs", new JsonObject
        {
            ["kind"] = "CloudsmithAccessToken",
            ["generator"] = new JsonObject { ["cloudsmithAccessTokenSpec"] = Spec(url + "/", service: "builds") },
        });
        c.ExternalSecret("team-a", "cs", GeneratorSpec(("CloudsmithAccessToken", "cs")));
        c.ExternalSecret("team-b", "cs", GeneratorSpec(("ClusterGenerator", "cs")));
        var before = DateTimeOffset.UtcNow;

        await c.PassAsync();

        foreach (var ns in new[] { "team-a", "team-b" })
        {
            Assert.True(c.ReadyStatus(ns, "cs") == "True", c.ReadyMessage(ns, "cs"));
            var auth = Encoding.UTF8.GetString(Convert.FromBase64String(c.Value(ns, "cs", "auth")!));
            Assert.StartsWith("token:", auth, StringComparison.Ordinal);
            Assert.Contains(auth["token:".Length..], cloudsmith.Issued);
            var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(c.Value(ns, "cs", "expiry")!, CultureInfo.InvariantCulture));
            Assert.InRange(expiry, before.AddMinutes(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(30).AddSeconds(1));
        }
        Assert.Equal(2, cloudsmith.Issued.Count);
        Assert.All(c.Server.TokenRequests.Log, r => Assert.Equal(["https://api.cloudsmith.io"], r.Audiences));
        Assert.All(cloudsmith.Requests, r => Assert.Equal("/openid/acme/", r.PathAndQuery));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Cloudsmith_generator_reports_a_refused_exchange_another_namespaces_account_and_a_bad_org_or_url()
    {
        await using var cloudsmith = await FakeCloudsmithServer.StartAsync();
        await using var c = await ClusterAsync();
        cloudsmith.FederateService("acme", "ci", c.Server.TokenRequests.Issuer, "team-b", "puller", "https://api.cloudsmith.io");
        var url = cloudsmith.BaseAddress.ToString();
        Generator(c, "CloudsmithAccessToken", "team-a", "refused", Spec(url));
        Generator(c, "CloudsmithAccessToken", "team-a", "foreign", Spec(url, saNamespace: "team-b"));
        Generator(c, "CloudsmithAccessToken", "team-a", "org", Spec(url, org: "../admin"));
        Generator(c, "CloudsmithAccessToken", "team-a", "imds", Spec("http://169.254.169.254/latest"));
        Generator(c, "CloudsmithAccessToken", "team-a", "creds", Spec("https://user:s3cr3t-pass@api.cloudsmith.io"));
        foreach (var name in new[] { "refused", "foreign", "org", "imds", "creds" }) c.ExternalSecret("team-a", name, GeneratorSpec(("CloudsmithAccessToken", name)));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "refused"));
        Assert.Contains("unable to exchange OIDC token: request failed due to unexpected status: 401 Unauthorized", c.ReadyMessage("team-a", "refused"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "foreign"));
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", c.ReadyMessage("team-a", "foreign"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "org"));
        Assert.Contains("spec.orgSlug '../admin' is not a slug", c.ReadyMessage("team-a", "org"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "imds"));
        Assert.Contains("link-local address (instance metadata)", c.ReadyMessage("team-a", "imds"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "creds"));
        Assert.Contains("spec.apiUrl may not carry credentials", c.ReadyMessage("team-a", "creds"), StringComparison.Ordinal);
        Assert.DoesNotContain("pass", c.ReadyMessage("team-a", "creds"), StringComparison.Ordinal);
        Assert.Empty(cloudsmith.Issued);
        Assert.Equal(1, cloudsmith.CallCount("openid"));
    }
}
