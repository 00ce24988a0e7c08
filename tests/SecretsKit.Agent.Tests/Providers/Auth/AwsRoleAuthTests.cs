using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Time;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// AWS IRSA through a named ServiceAccount and ESO's role chain, against the STS fake (which verifies the ServiceAccount
/// token with the API fake's key, and AssumeRole's SigV4 with the caller's key) and the Secrets Manager fake (which
/// verifies that the credentials STS handed out signed the read).
/// </summary>
public sealed class AwsRoleAuthTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/payments-read";
    private const string TargetArn = "arn:aws:iam::444455556666:role/shared-read";
    private static readonly CloudRetryOptions FastRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };

    private FakeSecretsManagerServer _sm = null!;
    private FakeStsServer _sts = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync() => await StartAsync(new ManualTimeProvider());

    private async Task StartAsync(TimeProvider stsClock)
    {
        _sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        _sts = await FakeStsServer.StartAsync("eu-west-1", stsClock);
        _c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry,
            AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = _sm.BaseAddress, ["STS"] = _sts.BaseAddress },
        });
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _sm.PutSecret("prod/db", """{"password":"from-aws"}""");
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _sts.DisposeAsync();
        await _sm.DisposeAsync();
    }

    private void ServiceAccount(string ns, string name, string? roleArn = RoleArn, string? audience = null)
    {
        var annotations = new Dictionary<string, string>();
        if (roleArn is not null) annotations["eks.amazonaws.com/role-arn"] = roleArn;
        if (audience is not null) annotations["eks.amazonaws.com/audience"] = audience;
        _c.Server.ServiceAccount(ns, name, annotations);
    }

    private void Store(string ns, JsonObject? auth, Action<JsonObject>? more = null)
    {
        var aws = new JsonObject { ["service"] = "SecretsManager", ["region"] = "eu-west-1" };
        if (auth is not null) aws["auth"] = auth;
        more?.Invoke(aws);
        _c.Store(ns, "aws", new JsonObject { ["aws"] = aws });
        _c.ExternalSecret(ns, "es", Spec("aws", data: [("password", "prod/db", "password")]));
    }

    private static JsonObject Irsa(string name, string? ns = null) => new()
    {
        ["jwt"] = new JsonObject { ["serviceAccountRef"] = ns is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns } },
    };

    [Fact]
    public async Task Irsa_assumes_the_annotated_role_with_a_token_for_sts_amazonaws_com_and_reads_with_the_credentials_sts_gave()
    {
        ServiceAccount("team-a", "app");
        _sts.AddWebIdentityRole(RoleArn, _c.Server.TokenRequests.Issuer, "team-a", "app", "ASIAIRSA", "irsa-secret");
        _sm.ExpectCredentials("ASIAIRSA", "irsa-secret");
        Store("team-a", Irsa("app"));

        await _c.PassAsync();

        Assert.Equal("from-aws", _c.Value("team-a", "es", "password"));
        Assert.Equal(["sts.amazonaws.com"], Assert.Single(_c.Server.TokenRequests.Log).Audiences);
        var call = Assert.Single(_sts.Calls);
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, "external-secrets-provider-aws", 200), (call.Action, call.RoleArn, call.SessionName, call.Status));
        Assert.Equal("system:serviceaccount:team-a:app", call.Subject);
        Assert.Equal(["sts.amazonaws.com"], call.Audiences);
    }

    [Fact]
    public async Task Role_is_assumed_after_irsa_with_the_external_id_and_session_tags()
    {
        ServiceAccount("team-a", "app");
        _sts.AddWebIdentityRole(RoleArn, _c.Server.TokenRequests.Issuer, "team-a", "app", "ASIAIRSA", "irsa-secret");
        _sts.AddAssumableRole(TargetArn, "ASIAIRSA", "irsa-secret", "ASIATARGET", "target-secret", externalId: "ext-42");
        _sm.ExpectCredentials("ASIATARGET", "target-secret");
        Store("team-a", Irsa("app"), aws =>
        {
            aws["role"] = TargetArn;
            aws["externalID"] = "ext-42";
            aws["sessionTags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "payments" });
            aws["transitiveTagKeys"] = new JsonArray("team");
        });

        await _c.PassAsync();

        Assert.Equal("from-aws", _c.Value("team-a", "es", "password"));
        Assert.Equal(["AssumeRoleWithWebIdentity", "AssumeRole"], _sts.Calls.Select(c => c.Action));
        var assume = _sts.Calls[1];
        Assert.Equal(("ASIAIRSA", "ext-42", 200), (assume.CallerAccessKeyId, assume.ExternalId, assume.Status));
        Assert.Equal("payments", assume.Tags["team"]);
        Assert.Equal(["team"], assume.TransitiveTagKeys);
    }

    [Fact]
    public async Task Role_is_assumed_with_static_keys_and_a_wrong_external_id_is_refused_by_sts()
    {
        _c.Secret("team-a", "aws-keys", new Dictionary<string, string> { ["id"] = "AKIDSTATIC", ["secret"] = "static-secret" });
        _sts.AddAssumableRole(TargetArn, "AKIDSTATIC", "static-secret", "ASIATARGET", "target-secret", externalId: "ext-42");
        var keys = new JsonObject
        {
            ["secretRef"] = new JsonObject
            {
                ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-keys", ["key"] = "id" },
                ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-keys", ["key"] = "secret" },
            },
        };
        Store("team-a", keys, aws => { aws["role"] = TargetArn; aws["externalID"] = "wrong"; });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("AssumeRole for role 'arn:aws:iam::444455556666:role/shared-read' failed: HTTP 403 AccessDenied", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        // the store's validation retrieves the credentials too (ESO's Validate), and says why it is not ready
        Assert.Contains("unable to validate store: ", _c.ReadyCondition("team-a", "aws", "secretstores")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(_sts.Calls);
        Assert.All(_sts.Calls, call => Assert.Equal("AKIDSTATIC", call.CallerAccessKeyId));
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_by_sts_with_a_clear_condition()
    {
        ServiceAccount("team-a", "app", audience: "https://other.example");
        _sts.AddWebIdentityRole(RoleArn, _c.Server.TokenRequests.Issuer, "team-a", "app", "ASIAIRSA", "irsa-secret");
        Store("team-a", Irsa("app"));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("AssumeRoleWithWebIdentity for role 'arn:aws:iam::111122223333:role/payments-read' failed: HTTP 400 InvalidIdentityToken: Incorrect token audience",
            _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_account_without_the_role_arn_annotation_is_a_condition_naming_it()
    {
        ServiceAccount("team-a", "app", roleArn: null);
        Store("team-a", Irsa("app"));

        await _c.PassAsync();

        Assert.Contains("has no eks.amazonaws.com/role-arn annotation", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_gets_no_token_and_sts_sees_nothing()
    {
        ServiceAccount("team-b", "app");
        _sts.AddWebIdentityRole(RoleArn, _c.Server.TokenRequests.Issuer, "team-b", "app", "ASIAIRSA", "irsa-secret");
        Store("team-a", Irsa("app", "team-b"));

        await _c.PassAsync();

        Assert.Contains("a SecretStore may use only ServiceAccounts of its own namespace 'team-a'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_c.Server.TokenRequests.Log);
        Assert.Empty(_sts.Calls);
        Assert.Equal(0, _sm.TotalCalls);
    }

    [Fact]
    public async Task A_secret_store_without_auth_never_gets_the_agents_own_aws_identity()
    {
        Store("team-a", auth: null);

        await _c.PassAsync();

        Assert.Contains("only a ClusterSecretStore may use the agent's own AWS identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _sm.TotalCalls);
    }
}

/// <summary>IRSA with an STS whose clock is past the ServiceAccount token's expiry.</summary>
public sealed class AwsExpiredTokenTests
{
    [Fact]
    public async Task An_expired_service_account_token_is_refused_by_sts_with_a_clear_condition()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var sts = await FakeStsServer.StartAsync("eu-west-1", new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero)));
        await using var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = sm.BaseAddress, ["STS"] = sts.BaseAddress },
        });
        c.Namespace("team-a");
        c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/r" });
        sts.AddWebIdentityRole("arn:aws:iam::111122223333:role/r", c.Server.TokenRequests.Issuer, "team-a", "app", "ASIAIRSA", "irsa-secret");
        c.Store("team-a", "aws", new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = "SecretsManager", ["region"] = "eu-west-1",
                ["auth"] = new JsonObject { ["jwt"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } } },
            },
        });
        c.ExternalSecret("team-a", "es", Spec("aws", data: [("password", "prod/db", "password")]));

        await c.PassAsync();

        Assert.Contains("ExpiredTokenException", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "es"));
    }
}
