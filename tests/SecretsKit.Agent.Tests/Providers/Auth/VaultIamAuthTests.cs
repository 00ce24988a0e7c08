using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// Vault's <c>auth.iam</c>: the agent gets AWS credentials (IRSA through the STS fake, keys from a Secret, the agent's own
/// for a ClusterSecretStore, then <c>role</c>), signs a GetCallerIdentity with them and logs in; the Vault fake
/// recomputes that SigV4 signature with the keys STS issued, checks the signed server-ID header and the bound ARN.
/// </summary>
public sealed class VaultIamAuthTests : IAsyncLifetime
{
    private const string IrsaRole = "arn:aws:iam::111122223333:role/payments-vault";
    private const string TargetRole = "arn:aws:iam::111122223333:role/vault-login";
    private static readonly CloudRetryOptions FastRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };

    private FakeStsServer _sts = null!;
    private FakeVaultServer _vault = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _sts = await FakeStsServer.StartAsync("eu-west-1", new ManualTimeProvider());
        await StartAsync([]);
    }

    private async Task StartAsync(Dictionary<string, string> environment, TimeSpan? vaultAhead = null)
    {
        if (_c is not null) await _c.DisposeAsync();
        if (_vault is not null) await _vault.DisposeAsync();
        _c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry,
            AwsEndpoints = new Dictionary<string, Uri> { ["STS"] = _sts.BaseAddress },
            Ambient = new KeySourceContext(new MapEnvironment(environment, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = IrsaRole });
        _c.Server.ServiceAccount("team-b", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = IrsaRole });
        // Vault's clock is the cluster's, or ahead of it
        _vault = await FakeVaultServer.StartAsync(vaultAhead is { } ahead ? new ManualTimeProvider(_c.Time.GetUtcNow() + ahead) : _c.Time);
        _vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "from-vault" });
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _vault.DisposeAsync();
        await _sts.DisposeAsync();
    }

    private void Store(string? ns, JsonObject iam)
    {
        _c.Store(ns, "vault", new JsonObject
        {
            ["vault"] = new JsonObject { ["server"] = _vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2", ["auth"] = new JsonObject { ["iam"] = iam } },
        });
        _c.ExternalSecret("team-a", "es", Spec("vault", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "db", "password")]));
    }

    private static JsonObject Irsa(string? ns = null) => new()
    {
        ["vaultRole"] = "payments",
        ["region"] = "eu-west-1",
        ["jwt"] = new JsonObject { ["serviceAccountRef"] = ns is null ? new JsonObject { ["name"] = "app" } : new JsonObject { ["name"] = "app", ["namespace"] = ns } },
    };

    private void IrsaRoles(string? vaultSecret = null)
    {
        _sts.AddWebIdentityRole(IrsaRole, _c.Server.TokenRequests.Issuer, "team-a", "app", "ASIAIRSA", "irsa-secret");
        _vault.AddIamRole("payments", IrsaRole, [new FakeAwsPrincipal(IrsaRole, "ASIAIRSA", vaultSecret ?? "irsa-secret")], region: "eu-west-1");
    }

    [Fact]
    public async Task Irsa_credentials_sign_a_get_caller_identity_that_vault_verifies_and_the_secret_syncs()
    {
        IrsaRoles();
        Store("team-a", Irsa());

        await _c.PassAsync();

        Assert.Equal("from-vault", _c.Value("team-a", "es", "password"));
        var exchange = Assert.Single(_sts.Calls);
        Assert.Equal(("AssumeRoleWithWebIdentity", IrsaRole, "system:serviceaccount:team-a:app", 200), (exchange.Action, exchange.RoleArn, exchange.Subject, exchange.Status));
        Assert.Equal(["sts.amazonaws.com"], exchange.Audiences);
        var login = Assert.Single(_vault.IamLogins);
        Assert.Equal(("aws", "payments", IrsaRole, null), (login.Mount, login.Role, login.Arn, login.ServerId));
        Assert.Equal(_sts.BaseAddress.ToString(), login.RequestUrl); // signed for the store's STS endpoint (AWS_STS_ENDPOINT)
    }

    [Fact]
    public async Task Keys_from_a_secret_then_role_with_external_id_log_in_at_a_custom_path_with_the_signed_server_id()
    {
        _c.Secret("team-a", "aws-keys", new Dictionary<string, string> { ["id"] = "AKIASTATIC", ["secret"] = "static-secret" });
        _sts.AddAssumableRole(TargetRole, "AKIASTATIC", "static-secret", "ASIATARGET", "target-secret", externalId: "ext-42");
        _vault.AddIamRole("payments", TargetRole, [new FakeAwsPrincipal(TargetRole, "ASIATARGET", "target-secret")], region: "eu-west-1",
            serverId: "vault.payments.example", mount: "aws-prod");
        Store("team-a", new JsonObject
        {
            ["path"] = "aws-prod",
            ["region"] = "eu-west-1",
            ["vaultRole"] = "payments",
            ["role"] = TargetRole,
            ["externalID"] = "ext-42",
            ["vaultAwsIamServerID"] = "vault.payments.example",
            ["secretRef"] = new JsonObject
            {
                ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-keys", ["key"] = "id" },
                ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-keys", ["key"] = "secret" },
            },
        });

        await _c.PassAsync();

        Assert.Equal("from-vault", _c.Value("team-a", "es", "password"));
        var assume = Assert.Single(_sts.Calls);
        Assert.Equal(("AssumeRole", "AKIASTATIC", "ext-42", 200), (assume.Action, assume.CallerAccessKeyId, assume.ExternalId, assume.Status));
        var login = Assert.Single(_vault.IamLogins);
        Assert.Equal(("aws-prod", TargetRole, "vault.payments.example"), (login.Mount, login.Arn, login.ServerId));
    }

    [Fact]
    public async Task A_request_signed_for_another_vault_server_id_is_refused_and_the_condition_names_the_header()
    {
        IrsaRoles();
        _vault.AddIamRole("payments", IrsaRole, [new FakeAwsPrincipal(IrsaRole, "ASIAIRSA", "irsa-secret")], region: "eu-west-1", serverId: "vault.payments.example");
        var iam = Irsa();
        iam["vaultAwsIamServerID"] = "vault.attacker.example";
        Store("team-a", iam);

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        var message = _c.ReadyMessage("team-a", "es");
        Assert.Contains("iam auth at auth/aws, role 'payments'", message, StringComparison.Ordinal);
        Assert.Contains("error validating X-Vault-AWS-IAM-Server-ID header", message, StringComparison.Ordinal);
        Assert.Empty(_vault.IamLogins);
    }

    [Fact]
    public async Task A_signature_vault_cannot_reproduce_with_the_keys_sts_issued_is_refused_as_signature_does_not_match()
    {
        IrsaRoles(vaultSecret: "the-secret-sts-really-issued");
        Store("team-a", Irsa());

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("received error code 403 from STS: SignatureDoesNotMatch", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_vault.IamLogins);
    }

    [Fact]
    public async Task A_signed_request_older_than_fifteen_minutes_on_vaults_clock_is_refused_as_expired()
    {
        await StartAsync([], vaultAhead: TimeSpan.FromMinutes(20));
        IrsaRoles();
        Store("team-a", Irsa());

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("Signature expired", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_is_refused_and_no_token_is_minted()
    {
        IrsaRoles();
        Store("team-a", Irsa("team-b"));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_c.Server.TokenRequests.Log);
        Assert.Empty(_sts.Calls);
        Assert.Equal(0, _vault.CallCount("login:aws"));
    }

    [Fact]
    public async Task A_secret_store_without_credentials_is_refused_the_agents_own_aws_identity()
    {
        await StartAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAAGENT", ["AWS_SECRET_ACCESS_KEY"] = "agent-secret" });
        _vault.AddIamRole("payments", "arn:aws:iam::111122223333:user/agent", [new FakeAwsPrincipal("arn:aws:iam::111122223333:user/agent", "AKIAAGENT", "agent-secret")]);
        Store("team-a", new JsonObject { ["vaultRole"] = "payments" });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("only a ClusterSecretStore may use the agent's own AWS identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _vault.CallCount("login:aws"));
    }

    [Fact]
    public async Task A_cluster_secret_store_without_credentials_signs_with_the_agents_own_keys_in_the_default_region()
    {
        const string agentArn = "arn:aws:iam::111122223333:user/agent";
        await StartAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAAGENT", ["AWS_SECRET_ACCESS_KEY"] = "agent-secret" });
        _vault.AddIamRole("payments", agentArn, [new FakeAwsPrincipal(agentArn, "AKIAAGENT", "agent-secret")]); // us-east-1, ESO's default
        Store(null, new JsonObject { ["vaultRole"] = "payments" });

        await _c.PassAsync();

        Assert.Equal("from-vault", _c.Value("team-a", "es", "password"));
        Assert.Equal(agentArn, Assert.Single(_vault.IamLogins).Arn);
    }
}
