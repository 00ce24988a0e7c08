using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Beyondtrust;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Tls;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Beyondtrust;

/// <summary>
/// ESO's <c>BeyondtrustWorkloadCredentialsDynamicSecret</c> generator against the BeyondTrust fake (https only, the API
/// version header, Bearer personal access tokens, dynamic secret definitions by folder and name), trusted through
/// <c>caBundle</c> or <c>caProvider</c>, through the Kubernetes API fake with the chart's CRDs.
/// </summary>
public sealed class BeyondtrustGeneratorTests
{
    private const string Site = "a1b2c3d4-e5f6-4890-abcd-ef1234567890";

    private static async Task<AgentCluster> ClusterAsync()
    {
        var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        return c;
    }

    private static JsonObject Spec(string apiUrl, string folderPath, string? caBundlePem = null, JsonObject? caProvider = null, string site = Site,
        string secret = "bt-token")
    {
        var provider = new JsonObject
        {
            ["folderPath"] = folderPath,
            ["auth"] = new JsonObject { ["apikey"] = new JsonObject { ["token"] = new JsonObject { ["name"] = secret, ["key"] = "token" } } },
            ["server"] = new JsonObject { ["apiUrl"] = apiUrl, ["siteId"] = site },
        };
        if (caBundlePem is not null) provider["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(caBundlePem));
        if (caProvider is not null) provider["caProvider"] = caProvider;
        return new JsonObject { ["provider"] = provider, ["retrySettings"] = new JsonObject { ["maxRetries"] = 1, ["retryInterval"] = "1s" } };
    }

    [Fact]
    public async Task Beyondtrust_generator_posts_to_the_dynamic_secrets_generate_endpoint_and_writes_esos_keys()
    {
        using var ca = TestCertificateAuthority.Create();
        await using var bt = await FakeBeyondtrustServer.StartAsync(ca, Site);
        await using var c = await ClusterAsync();
        var token = bt.AddToken();
        bt.AddDynamicSecret("production/aws/temp");
        bt.AddDynamicSecret("root-keys", sessionToken: false);
        c.Secret("team-a", "bt-token", new Dictionary<string, string> { ["token"] = token + "\n" });
        c.Secret("team-b", "bt-token", new Dictionary<string, string> { ["token"] = token });
        var pem = ca.Certificate.ExportCertificatePem();
        c.Server.Create(FakeResourceType.ConfigMap, "team-b", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "bt-ca", ["namespace"] = "team-b" },
            ["data"] = new JsonObject { ["ca.crt"] = pem },
        });
        Generator(c, "BeyondtrustWorkloadCredentialsDynamicSecret", "team-a", "aws", Spec(bt.ApiUrl + "/", "production/aws/temp", caBundlePem: pem));
        Generator(c, "ClusterGenerator", null, "root", new JsonObject
        {
            ["kind"] = "BeyondtrustWorkloadCredentialsDynamicSecret",
            ["generator"] = new JsonObject
            {
                ["beyondtrustWorkloadCredentialsDynamicSecretSpec"] = Spec(bt.ApiUrl, "root-keys",
                    caProvider: new JsonObject { ["type"] = "ConfigMap", ["name"] = "bt-ca", ["key"] = "ca.crt" }),
            },
        });
        c.Secret("team-a", "bt-ca", new Dictionary<string, string> { ["ca.crt"] = pem });
        Generator(c, "BeyondtrustWorkloadCredentialsDynamicSecret", "team-a", "root", Spec(bt.ApiUrl, "root-keys",
            caProvider: new JsonObject { ["type"] = "Secret", ["name"] = "bt-ca", ["key"] = "ca.crt" }));
        c.ExternalSecret("team-a", "aws", GeneratorSpec(("BeyondtrustWorkloadCredentialsDynamicSecret", "aws")));
        c.ExternalSecret("team-a", "root", GeneratorSpec(("BeyondtrustWorkloadCredentialsDynamicSecret", "root")));
        c.ExternalSecret("team-b", "root", GeneratorSpec(("ClusterGenerator", "root")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-a", "aws") == "True", c.ReadyMessage("team-a", "aws"));
        Assert.True(c.ReadyStatus("team-b", "root") == "True", c.ReadyMessage("team-b", "root"));
        var aws = Assert.Single(bt.Issued, i => i.Path == "production/aws/temp");
        Assert.Equal(aws.AccessKeyId, c.Value("team-a", "aws", "accessKeyId"));
        Assert.Equal(aws.LeaseId, c.Value("team-a", "aws", "leaseId"));
        Assert.Equal("2030-01-01T00:15:00Z", c.Value("team-a", "aws", "expiration"));
        Assert.StartsWith("IQoJ", c.Value("team-a", "aws", "sessionToken"), StringComparison.Ordinal);
        Assert.NotEmpty(c.Value("team-a", "aws", "secretAccessKey")!);
        Assert.True(c.ReadyStatus("team-a", "root") == "True", c.ReadyMessage("team-a", "root")); // caProvider of type Secret
        var roots = bt.Issued.Where(i => i.Path == "root-keys").Select(i => i.AccessKeyId).ToList();
        Assert.Equal(2, roots.Count);
        Assert.Contains(c.Value("team-b", "root", "accessKeyId"), roots);
        Assert.Contains(c.Value("team-a", "root", "accessKeyId"), roots);
        Assert.Null(c.Value("team-b", "root", "sessionToken")); // written only when the answer has one
        var toAws = Assert.Single(bt.Requests, r => r.PathAndQuery.Contains("/temp/", StringComparison.Ordinal));
        Assert.Equal(("POST", $"/site/{Site}/secrets/dynamic/temp/generate?folder=production%2Faws"), (toAws.Method, toAws.PathAndQuery));
        Assert.Equal("Bearer " + token, toAws.Headers["Authorization"]);
        Assert.Equal("2026-04-28", toAws.Headers["bt-secrets-api-version"]);
        Assert.Equal("application/json", toAws.Headers["Accept"]);
        Assert.Equal("", toAws.Body);
        Assert.Equal($"/site/{Site}/secrets/dynamic/root-keys/generate", bt.Requests.First(r => r.PathAndQuery.Contains("root-keys", StringComparison.Ordinal)).PathAndQuery);
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Beyondtrust_generator_reports_esos_errors_for_the_spec_the_api_and_an_untrusted_certificate()
    {
        using var ca = TestCertificateAuthority.Create();
        using var otherCa = TestCertificateAuthority.Create("Another CA");
        await using var bt = await FakeBeyondtrustServer.StartAsync(ca, Site);
        await using var c = await ClusterAsync();
        bt.AddDynamicSecret("prod/aws");
        var pem = ca.Certificate.ExportCertificatePem();
        c.Secret("team-a", "bt-token", new Dictionary<string, string> { ["token"] = bt.AddToken() });
        c.Secret("team-a", "bt-stale", new Dictionary<string, string> { ["token"] = "bt_pat_revoked" });
        var other = Spec(bt.ApiUrl, "prod/aws", caBundlePem: pem);
        ((JsonObject)other["provider"]!).Remove("auth");
        var cases = new (string Name, JsonObject Spec, string Message)[]
        {
            ("stale", Spec(bt.ApiUrl, "prod/aws", caBundlePem: pem, secret: "bt-stale"),
                $"unable to generate dynamic secret: API error (HTTP 401): unauthorized: invalid or expired token at path \"prod\" (see https://docs.beyondtrust.com/bt-docs/docs/secrets-api)"),
            ("missing", Spec(bt.ApiUrl, "prod/gcp", caBundlePem: pem), "API error (HTTP 404): not_found: dynamic secret not found at path \"prod\""),
            ("untrusted", Spec(bt.ApiUrl, "prod/aws"), "unable to generate dynamic secret: error performing request"),
            ("otherca", Spec(bt.ApiUrl, "prod/aws", caBundlePem: otherCa.Certificate.ExportCertificatePem()), "unable to generate dynamic secret: error performing request"),
            ("http", Spec(bt.ApiUrl.Replace("https:", "http:", StringComparison.Ordinal), "prod/aws", caBundlePem: pem),
                "failed to create BeyondtrustWorkloadCredentials client: failed to load server URL configuration: invalid apiUrl: apiUrl must use https scheme, got \"http\""),
            ("site", Spec(bt.ApiUrl, "prod/aws", caBundlePem: pem, site: "site-1"), "invalid siteId: siteId must be a valid UUID format, got \"site-1\""),
            ("noname", Spec(bt.ApiUrl, "prod/", caBundlePem: pem), "invalid path: missing secret name in \"prod/\""),
            ("badca", Spec(bt.ApiUrl, "prod/aws", caProvider: new JsonObject { ["type"] = "ConfigMap", ["name"] = "absent", ["key"] = "ca.crt" }),
                "configmap team-a/absent (spec.provider.caProvider) not found"),
        };
        foreach (var (name, spec, _) in cases)
        {
            Generator(c, "BeyondtrustWorkloadCredentialsDynamicSecret", "team-a", name, spec);
            c.ExternalSecret("team-a", name, GeneratorSpec(("BeyondtrustWorkloadCredentialsDynamicSecret", name)));
        }

        await c.PassAsync();

        foreach (var (name, _, message) in cases)
        {
            Assert.Equal("False", c.ReadyStatus("team-a", name));
            Assert.Contains(message, c.ReadyMessage("team-a", name), StringComparison.Ordinal);
            Assert.DoesNotContain("bt_pat_", c.ReadyMessage("team-a", name), StringComparison.Ordinal);
        }
        Assert.Empty(bt.Issued);
        Assert.Equal(2, bt.CallCount("generate")); // stale and missing; an untrusted certificate fails the handshake before any request
        var generator = GeneratorRegistry.Find("BeyondtrustWorkloadCredentialsDynamicSecret")!;
        var e = await Assert.ThrowsAsync<ReconcileException>(() => generator.GenerateAsync(new GeneratorCall(other, "bt", "team-a", c.Client, c.Providers.Context), CancellationToken.None));
        Assert.Equal("bt: failed to create BeyondtrustWorkloadCredentials client: failed to load credentials: missing or invalid BeyondtrustWorkloadCredentials API Token in BeyondtrustWorkloadCredentials SecretStore", e.Message);
    }

    [Theory]
    [InlineData("https://169.254.169.254/site", "link-local address")]
    [InlineData("https://[fe80::1]:8443/site", "link-local address")]
    [InlineData("https://admin:hunter2@bt.example/site", "spec.provider.server.apiUrl may not carry credentials")]
    [InlineData("https://bt.example/site?x=1", "is not an http(s) URL of a host")]
    [InlineData("bt.example/site", "apiUrl must include a scheme (https)")]
    public async Task Beyondtrust_generator_never_sends_the_token_to_a_link_local_or_malformed_api_url(string apiUrl, string message)
    {
        await using var c = await ClusterAsync();
        c.Secret("team-a", "bt-token", new Dictionary<string, string> { ["token"] = "bt_pat_secret_value" });
        Generator(c, "BeyondtrustWorkloadCredentialsDynamicSecret", "team-a", "bt", Spec(apiUrl, "prod/aws"));
        c.ExternalSecret("team-a", "bt", GeneratorSpec(("BeyondtrustWorkloadCredentialsDynamicSecret", "bt")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "bt"));
        Assert.Contains(message, c.ReadyMessage("team-a", "bt"), StringComparison.Ordinal);
        Assert.DoesNotContain("bt_pat_secret_value", c.ReadyMessage("team-a", "bt"), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", c.ReadyMessage("team-a", "bt"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "bt"));
    }
}
