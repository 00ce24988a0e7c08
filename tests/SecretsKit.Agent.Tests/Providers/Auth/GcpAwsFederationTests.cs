using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Gcp;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// GCP Secret Manager with <c>workloadIdentityFederation.awsSecurityCredentials</c>: AWS keys from a Secret sign a
/// GetCallerIdentity that is the subject token at Google STS; the STS fake verifies the SigV4 signature with the keys
/// AWS knows, the region, the signed target-resource header (the pool's audience) and its age, then IAM Credentials
/// checks the ARN's Workload Identity User binding.
/// </summary>
public sealed class GcpAwsFederationTests : IAsyncLifetime
{
    private const string Gsa = "payments@proj-x.iam.gserviceaccount.com";
    private const string Audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/aws/providers/prod";
    private const string Arn = "arn:aws:iam::111122223333:user/payments-gcp";
    private FakeGcpSecretManagerServer _gcp = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _gcp = await FakeGcpSecretManagerServer.StartAsync();
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["gcpsm"] = _gcp.BaseAddress },
            Gcp = new GcpEndpoints { Sts = _gcp.BaseAddress, IamCredentials = _gcp.BaseAddress },
        });
        _gcp.AwsClock = _c.Time;
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _gcp.AddVersion("db-password", "from-secret-manager");
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            _c.Secret(ns, "aws-creds", new Dictionary<string, string> { ["aws_access_key_id"] = "AKIAPAYMENTS", ["aws_secret_access_key"] = "payments-secret" });
        }
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _gcp.DisposeAsync();
    }

    private void Store(string region = "eu-west-1", string audience = Audience, string? secretNamespace = null)
    {
        var secretRef = new JsonObject { ["name"] = "aws-creds" };
        if (secretNamespace is not null) secretRef["namespace"] = secretNamespace;
        var wif = new JsonObject
        {
            ["audience"] = audience,
            ["gcpServiceAccountEmail"] = Gsa,
            ["awsSecurityCredentials"] = new JsonObject { ["region"] = region, ["awsCredentialsSecretRef"] = secretRef },
        };
        _c.Store("team-a", "gcp", new JsonObject { ["gcpsm"] = new JsonObject { ["projectID"] = _gcp.Project, ["auth"] = new JsonObject { ["workloadIdentityFederation"] = wif } } });
        _c.ExternalSecret("team-a", "es", Spec("gcp", data: [("password", "db-password", null)]));
    }

    private void TrustAws(string secret = "payments-secret")
    {
        _gcp.AddAwsWorkloadIdentityProvider(Audience, "eu-west-1", new FakeAwsPrincipal(Arn, "AKIAPAYMENTS", secret));
        _gcp.AllowFederatedPrincipal(Gsa, Arn);
    }

    [Fact]
    public async Task Aws_keys_sign_the_subject_token_sts_verifies_it_and_the_google_account_is_impersonated()
    {
        TrustAws();
        Store();

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        var exchange = Assert.Single(_gcp.StsExchanges);
        Assert.Equal((Audience, Arn), (exchange.Audience, exchange.Subject));
        Assert.Equal((Gsa, Arn), (Assert.Single(_gcp.Impersonations).ServiceAccount, _gcp.Impersonations[0].Subject));
    }

    [Fact]
    public async Task A_signature_sts_cannot_reproduce_with_the_keys_aws_knows_is_refused()
    {
        TrustAws(secret: "the-real-secret");
        Store();

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("SignatureDoesNotMatch", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.StsExchanges);
    }

    [Fact]
    public async Task A_request_signed_for_another_region_is_refused()
    {
        TrustAws();
        Store(region: "us-west-2");

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("expected 'eu-west-1'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_older_than_fifteen_minutes_is_refused_as_expired()
    {
        TrustAws();
        _gcp.AwsClock = new SecretsKit.Testing.Time.ManualTimeProvider(_c.Time.GetUtcNow() + TimeSpan.FromMinutes(20));
        Store();

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("Signature expired", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_audience_sts_does_not_know_is_refused()
    {
        TrustAws();
        Store(audience: "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/aws/providers/other");

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("invalid_target", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_credentials_secret_is_refused()
    {
        TrustAws();
        Store(secretNamespace: "team-b");

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("team-b", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.StsExchanges);
    }

    [Fact]
    public async Task A_region_that_is_not_a_region_name_cannot_pick_the_host_the_request_is_signed_for()
    {
        TrustAws();
        Store(region: "evil.example/x");

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("is not a region name", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }
}
