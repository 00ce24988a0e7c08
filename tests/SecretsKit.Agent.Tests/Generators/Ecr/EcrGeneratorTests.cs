using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Testing.Aws.Ecr;
using SecretsKit.Testing.Aws.Sts;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Ecr;

/// <summary>ESO's <c>ECRAuthorizationToken</c> generator against the ECR wire fake (AWS JSON 1.1, SigV4 checked against the tenant's keys).</summary>
public sealed class EcrGeneratorTests
{
    private static JsonObject Spec(string region) => new()
    {
        ["region"] = region,
        ["auth"] = new JsonObject
        {
            ["secretRef"] = new JsonObject
            {
                ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-creds", ["key"] = "id" },
                ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-creds", ["key"] = "secret" },
            },
        },
    };

    [Fact]
    public async Task ECR_generator_signs_with_the_tenant_keys_and_writes_esos_four_keys()
    {
        await using var ecr = await FakeEcrServer.StartAsync("eu-west-1");
        ecr.ExpectCredentials("AKIATENANT", "tenant-secret");
        await using var c = await StartAsync(providerOptions: new ProviderOptions { AwsEndpoints = new Dictionary<string, Uri> { ["ECR"] = ecr.BaseAddress } });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "aws-creds", new Dictionary<string, string> { ["id"] = "AKIATENANT", ["secret"] = "tenant-secret" });
        Generator(c, "ECRAuthorizationToken", "default", "ecr", Spec("eu-west-1"));
        c.ExternalSecret("default", "registry", GeneratorSpec(("ECRAuthorizationToken", "ecr")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "registry") == "True", c.ReadyMessage("default", "registry"));
        Assert.Equal("AWS", c.Value("default", "registry", "username"));
        Assert.Equal(FakeEcrServer.Password(1), c.Value("default", "registry", "password"));
        Assert.Equal($"https://{FakeEcrServer.Account}.dkr.ecr.eu-west-1.amazonaws.com", c.Value("default", "registry", "proxy_endpoint"));
        var expires = long.Parse(c.Value("default", "registry", "expires_at")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 12 * 3600 - 60, 12 * 3600 + 60);
        Assert.Equal("AKIATENANT", ecr.LastAccessKeyId);
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task ECR_generator_with_scope_public_signs_ecr_public_with_the_tenant_keys_and_writes_esos_three_keys()
    {
        await using var ecr = await FakeEcrPublicServer.StartAsync("us-east-1");
        ecr.ExpectCredentials("AKIATENANT", "tenant-secret");
        await using var c = await StartAsync(providerOptions: new ProviderOptions { AwsEndpoints = new Dictionary<string, Uri> { ["ECRPublic"] = ecr.BaseAddress } });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "aws-creds", new Dictionary<string, string> { ["id"] = "AKIATENANT", ["secret"] = "tenant-secret" });
        var spec = Spec("us-east-1");
        spec["scope"] = "public";
        Generator(c, "ClusterGenerator", null, "ecr-public", new JsonObject
        {
            ["kind"] = "ECRAuthorizationToken",
            ["generator"] = new JsonObject { ["ecrAuthorizationTokenSpec"] = spec },
        });
        c.ExternalSecret("default", "registry", GeneratorSpec(("ClusterGenerator", "ecr-public")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "registry") == "True", c.ReadyMessage("default", "registry"));
        Assert.Equal("AWS", c.Value("default", "registry", "username"));
        Assert.Equal(FakeEcrPublicServer.Password(1), c.Value("default", "registry", "password"));
        Assert.Null(c.Value("default", "registry", "proxy_endpoint")); // ESO writes no proxy_endpoint for ECR Public
        var expires = long.Parse(c.Value("default", "registry", "expires_at")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 12 * 3600 - 60, 12 * 3600 + 60);
        Assert.Equal([("GetAuthorizationToken", "AKIATENANT")], ecr.SignedBy);
    }

    [Fact]
    public async Task ECR_public_keys_the_service_rejects_are_esos_public_token_error_without_the_secret()
    {
        await using var ecr = await FakeEcrPublicServer.StartAsync("us-east-1");
        ecr.ExpectCredentials("AKIATENANT", "tenant-secret");
        await using var c = await StartAsync(providerOptions: new ProviderOptions { AwsEndpoints = new Dictionary<string, Uri> { ["ECRPublic"] = ecr.BaseAddress } });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "aws-creds", new Dictionary<string, string> { ["id"] = "AKIATENANT", ["secret"] = "not-the-secret" });
        var spec = Spec("us-east-1");
        spec["scope"] = "public";
        Generator(c, "ECRAuthorizationToken", "default", "ecr", spec);
        c.ExternalSecret("default", "registry", GeneratorSpec(("ECRAuthorizationToken", "ecr")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "registry"));
        Assert.Contains("unable to get public authorization token", c.ReadyMessage("default", "registry"), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", c.ReadyMessage("default", "registry"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ECR_generator_with_keys_the_service_rejects_or_a_wrong_region_is_a_sync_error()
    {
        await using var ecr = await FakeEcrServer.StartAsync("eu-west-1");
        ecr.ExpectCredentials("AKIATENANT", "tenant-secret");
        await using var c = await StartAsync(providerOptions: new ProviderOptions { AwsEndpoints = new Dictionary<string, Uri> { ["ECR"] = ecr.BaseAddress } });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "aws-creds", new Dictionary<string, string> { ["id"] = "AKIATENANT", ["secret"] = "not-the-secret" });
        Generator(c, "ECRAuthorizationToken", "default", "ecr", Spec("eu-west-1"));
        Generator(c, "ClusterGenerator", null, "no-auth", new JsonObject
        {
            ["kind"] = "ECRAuthorizationToken",
            ["generator"] = new JsonObject { ["ecrAuthorizationTokenSpec"] = new JsonObject { ["region"] = "eu-west-1" } },
        });
        c.ExternalSecret("default", "registry", GeneratorSpec(("ECRAuthorizationToken", "ecr")));
        c.ExternalSecret("default", "ambient", GeneratorSpec(("ClusterGenerator", "no-auth")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "registry"));
        Assert.Contains("unable to get authorization token", c.ReadyMessage("default", "registry"), StringComparison.Ordinal);
        Assert.Contains("403", c.ReadyMessage("default", "registry"), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", c.ReadyMessage("default", "registry"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("default", "ambient"));
        Assert.Contains("spec.auth needs secretRef or jwt.serviceAccountRef", c.ReadyMessage("default", "ambient"), StringComparison.Ordinal);
        Assert.Contains($"spec.auth needs {StoreAwsCredentials.AuthForms} (", c.ReadyMessage("default", "ambient"), StringComparison.Ordinal); // the store's auth table
        Assert.Equal(1, ecr.TotalCalls);
    }

    [Fact]
    public async Task ECR_generator_with_a_role_assumes_it_with_the_tenant_keys_and_signs_ecr_with_the_roles_credentials()
    {
        const string role = "arn:aws:iam::111122223333:role/ecr-pull";
        await using var ecr = await FakeEcrServer.StartAsync("eu-west-1");
        await using var sts = await FakeStsServer.StartAsync("eu-west-1");
        sts.AddAssumableRole(role, "AKIATENANT", "tenant-secret", "ASIAECRPULL", "ecr-pull-secret");
        ecr.ExpectCredentials("ASIAECRPULL", "ecr-pull-secret");
        await using var c = await StartAsync(providerOptions: new ProviderOptions
        {
            AwsEndpoints = new Dictionary<string, Uri> { ["ECR"] = ecr.BaseAddress, ["STS"] = sts.BaseAddress },
        });
        c.Time.SetUtcNow(DateTimeOffset.UtcNow);
        c.Secret("default", "aws-creds", new Dictionary<string, string> { ["id"] = "AKIATENANT", ["secret"] = "tenant-secret" });
        var spec = Spec("eu-west-1");
        spec["role"] = role;
        Generator(c, "ECRAuthorizationToken", "default", "ecr", spec);
        c.ExternalSecret("default", "registry", GeneratorSpec(("ECRAuthorizationToken", "ecr")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "registry") == "True", c.ReadyMessage("default", "registry"));
        Assert.Equal(FakeEcrServer.Password(1), c.Value("default", "registry", "password"));
        var call = Assert.Single(sts.Calls);
        Assert.Equal(("AssumeRole", role, "AKIATENANT", 200), (call.Action, call.RoleArn, call.CallerAccessKeyId, call.Status));
        Assert.Equal("ASIAECRPULL", ecr.LastAccessKeyId);
        Assert.Empty(c.Server.UnknownFields);
    }
}
