using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Aws.Sts;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Sts;

/// <summary>ESO's <c>STSSessionToken</c> generator against the STS query-API fake (form POST, SigV4 verified, XML answers).</summary>
public sealed class StsGeneratorTests
{
    private static JsonObject Spec(string tokenCode) => new()
    {
        ["region"] = "eu-central-1",
        ["auth"] = new JsonObject
        {
            ["secretRef"] = new JsonObject
            {
                ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-creds", ["key"] = "id" },
                ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-creds", ["key"] = "secret" },
            },
        },
        ["requestParameters"] = new JsonObject
        {
            ["sessionDuration"] = 3600, ["serialNumber"] = "arn:aws:iam::123456789012:mfa/ci", ["tokenCode"] = tokenCode,
        },
    };

    /// <summary>STS expecting the tenant's long-term keys and the MFA code 287082.</summary>
    private static async Task<FakeStsServer> StsAsync()
    {
        var sts = await FakeStsServer.StartAsync("eu-central-1");
        sts.ExpectCredentials("AKIALONGTERM", "long-term-secret");
        sts.ExpectedTokenCode = "287082";
        return sts;
    }

    /// <summary>An agent whose STS endpoint is <paramref name="sts"/>, on the wall clock (SigV4 dates), with the keys in <c>default/aws-creds</c>.</summary>
    private static async Task<AgentCluster> ClusterAsync(FakeStsServer sts)
    {
        var c = await StartAsync(providerOptions: new ProviderOptions { AwsEndpoints = new Dictionary<string, Uri> { ["STS"] = sts.BaseAddress } });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "aws-creds", new Dictionary<string, string> { ["id"] = "AKIALONGTERM", ["secret"] = "long-term-secret" });
        return c;
    }

    [Fact]
    public async Task STS_generator_gets_an_mfa_session_with_the_tenant_keys_and_writes_esos_four_keys()
    {
        await using var sts = await StsAsync();
        await using var c = await ClusterAsync(sts);
        Generator(c, "STSSessionToken", "default", "session", Spec("287082"));
        c.ExternalSecret("default", "session", GeneratorSpec(("STSSessionToken", "session")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "session") == "True", c.ReadyMessage("default", "session"));
        var issued = FakeStsServer.Issued(1);
        Assert.Equal(issued.AccessKeyId, c.Value("default", "session", "access_key_id"));
        Assert.Equal(issued.SecretAccessKey, c.Value("default", "session", "secret_access_key"));
        Assert.Equal(issued.SessionToken, c.Value("default", "session", "session_token"));
        var expiration = long.Parse(c.Value("default", "session", "expiration")!, CultureInfo.InvariantCulture);
        Assert.InRange(expiration - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3600 - 60, 3600 + 5);
        Assert.Equal("3600", sts.LastForm["DurationSeconds"]);
        Assert.Equal("arn:aws:iam::123456789012:mfa/ci", sts.LastForm["SerialNumber"]);
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task STS_generator_with_a_wrong_mfa_code_reports_sts_access_denied_without_the_keys()
    {
        await using var sts = await StsAsync();
        await using var c = await ClusterAsync(sts);
        Generator(c, "ClusterGenerator", null, "session", new JsonObject { ["kind"] = "STSSessionToken", ["generator"] = new JsonObject { ["stsSessionTokenSpec"] = Spec("000000") } });
        c.ExternalSecret("default", "session", GeneratorSpec(("ClusterGenerator", "session")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "session"));
        Assert.Contains("HTTP 403 AccessDenied", c.ReadyMessage("default", "session"), StringComparison.Ordinal);
        Assert.DoesNotContain("long-term-secret", c.ReadyMessage("default", "session"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "session"));
    }

    [Fact]
    public async Task STS_generator_with_a_role_gets_the_session_of_the_role_it_assumed_with_the_tenant_keys()
    {
        const string role = "arn:aws:iam::123456789012:role/ci-deploy";
        await using var sts = await FakeStsServer.StartAsync("eu-central-1");
        sts.AddAssumableRole(role, "AKIALONGTERM", "long-term-secret", "ASIACIDEPLOY", "ci-deploy-secret");
        sts.ExpectCredentials("ASIACIDEPLOY", "ci-deploy-secret");
        await using var c = await ClusterAsync(sts);
        var spec = Spec("287082");
        spec["role"] = role;
        spec.Remove("requestParameters");
        Generator(c, "STSSessionToken", "default", "session", spec);
        c.ExternalSecret("default", "session", GeneratorSpec(("STSSessionToken", "session")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "session") == "True", c.ReadyMessage("default", "session"));
        Assert.Equal(FakeStsServer.Issued(1).AccessKeyId, c.Value("default", "session", "access_key_id"));
        Assert.Equal(["AssumeRole"], sts.Calls.Select(x => x.Action));
        Assert.Equal(("AKIALONGTERM", role, 200), (sts.Calls[0].CallerAccessKeyId, sts.Calls[0].RoleArn, sts.Calls[0].Status));
        Assert.Equal("GetSessionToken", sts.LastForm["Action"]);
    }
}
