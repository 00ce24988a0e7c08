using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// Vault's <c>auth.gcp</c> (iam type): the agent authenticates to Google as the service account (its JSON key from a
/// Secret, or a tenant's ServiceAccount through Workload Identity: STS, then generateAccessToken), has IAM Credentials'
/// <c>signJwt</c> sign <c>{sub, aud: vault/ROLE, exp}</c>, and logs in; the Vault fake verifies the JWT with the public key
/// of the account the GCP fake signed with, the audience, the expiry against its own clock and the bound account.
/// </summary>
public sealed class VaultGcpAuthTests : IAsyncLifetime
{
    private const string Gsa = "vault-login@proj-x.iam.gserviceaccount.com";
    private const string Pool = "proj-x.svc.id.goog";
    private const string GkeAudience = "identitynamespace:proj-x.svc.id.goog:https://container.googleapis.com/v1/projects/proj-x/locations/europe-west1/clusters/prod";

    private FakeGcpSecretManagerServer _gcp = null!;
    private FakeVaultServer _vault = null!;
    private AgentCluster _c = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _gcp = await FakeGcpSecretManagerServer.StartAsync();
        _key = _gcp.CreateServiceAccount(Gsa);
        await StartAsync(TimeSpan.Zero);
    }

    private async Task StartAsync(TimeSpan vaultAhead)
    {
        if (_c is not null) await _c.DisposeAsync();
        if (_vault is not null) await _vault.DisposeAsync();
        _c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            Gcp = new GcpEndpoints { Sts = _gcp.BaseAddress, IamCredentials = _gcp.BaseAddress, OAuth2Token = _gcp.TokenUri },
            Ambient = new KeySourceContext(new MapEnvironment(new Dictionary<string, string> { ["GCE_METADATA_HOST"] = _gcp.MetadataHost }, "/nonexistent", "/"),
                KeySourceContext.System.Processes, TimeProvider.System),
        });
        _gcp.AssertionClock = _c.Time;
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = Gsa });
        _c.Server.ServiceAccount("team-b", "app", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = Gsa });
        _vault = await FakeVaultServer.StartAsync(vaultAhead == TimeSpan.Zero ? _c.Time : new ManualTimeProvider(_c.Time.GetUtcNow() + vaultAhead));
        _vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "from-vault" });
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _vault.DisposeAsync();
        await _gcp.DisposeAsync();
    }

    private void Store(string? ns, JsonObject gcp)
    {
        _c.Store(ns, "vault", new JsonObject
        {
            ["vault"] = new JsonObject { ["server"] = _vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2", ["auth"] = new JsonObject { ["gcp"] = gcp } },
        });
        _c.ExternalSecret("team-a", "es", Spec("vault", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "db", "password")]));
    }

    private JsonObject KeyAuth()
    {
        _c.Secret("team-a", "gcp-key", new Dictionary<string, string> { ["key.json"] = _key });
        return new JsonObject
        {
            ["role"] = "payments",
            ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "gcp-key", ["key"] = "key.json" } },
        };
    }

    private static JsonObject WorkloadIdentity(string? ns = null) => new()
    {
        ["role"] = "payments",
        ["path"] = "gcp-prod",
        ["projectID"] = "proj-x",
        ["workloadIdentity"] = new JsonObject
        {
            ["clusterLocation"] = "europe-west1",
            ["clusterName"] = "prod",
            ["serviceAccountRef"] = ns is null ? new JsonObject { ["name"] = "app" } : new JsonObject { ["name"] = "app", ["namespace"] = ns },
        },
    };

    private void TrustWorkloadIdentity()
    {
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, Pool);
        _gcp.AllowWorkloadIdentityUser(Gsa, "team-a", "app");
    }

    [Fact]
    public async Task A_service_account_key_gets_a_jwt_for_vault_role_signed_by_iam_credentials_and_vault_accepts_it()
    {
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa));
        Store("team-a", KeyAuth());

        await _c.PassAsync();

        Assert.Equal("from-vault", _c.Value("team-a", "es", "password"));
        var signed = Assert.Single(_gcp.SignedJwts);
        Assert.Equal((Gsa, Gsa, "vault/payments"), (signed.ServiceAccount, signed.Claims["sub"]!.ToString(), signed.Claims["aud"]!.ToString()));
        var login = Assert.Single(_vault.GcpLogins);
        Assert.Equal(("gcp", "payments", Gsa), (login.Mount, login.Role, login.Subject));
        Assert.InRange(login.ExpiresIn, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Workload_identity_impersonates_the_annotated_account_which_signs_the_jwt_at_a_custom_path()
    {
        TrustWorkloadIdentity();
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa), mount: "gcp-prod");
        Store("team-a", WorkloadIdentity());

        await _c.PassAsync();

        Assert.Equal("from-vault", _c.Value("team-a", "es", "password"));
        var minted = Assert.Single(_c.Server.TokenRequests.Log);
        Assert.Equal(("team-a", "app", 900L), (minted.Namespace, minted.ServiceAccount, minted.ExpirationSeconds));
        Assert.Equal([Pool], minted.Audiences); // the cluster project defaults to auth.gcp.projectID
        Assert.Equal((GkeAudience, "system:serviceaccount:team-a:app"), (Assert.Single(_gcp.StsExchanges).Audience, _gcp.StsExchanges[0].Subject));
        Assert.Equal(Gsa, Assert.Single(_gcp.Impersonations).ServiceAccount);
        Assert.Equal(("gcp-prod", Gsa), (Assert.Single(_vault.GcpLogins).Mount, _vault.GcpLogins[0].Subject));
    }

    [Fact]
    public async Task A_jwt_signed_by_a_key_vault_does_not_trust_for_the_account_is_refused()
    {
        _gcp.CreateServiceAccount("other@proj-x.iam.gserviceaccount.com");
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf("other@proj-x.iam.gserviceaccount.com"));
        Store("team-a", KeyAuth());

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        var message = _c.ReadyMessage("team-a", "es");
        Assert.Contains("gcp auth at auth/gcp, role 'payments'", message, StringComparison.Ordinal);
        Assert.Contains("unable to verify signed JWT", message, StringComparison.Ordinal);
        Assert.Empty(_vault.GcpLogins);
    }

    [Fact]
    public async Task A_jwt_already_expired_on_vaults_clock_is_refused_as_expired()
    {
        await StartAsync(TimeSpan.FromMinutes(20));
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa));
        Store("team-a", KeyAuth());

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("JWT is expired", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_bound_to_another_google_service_account_refuses_the_login()
    {
        _vault.AddGcpRole("payments", "billing@proj-x.iam.gserviceaccount.com", _gcp.PublicKeyOf(Gsa));
        Store("team-a", KeyAuth());

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains($"service account \"{Gsa}\" is not authorized for role \"payments\"", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_is_refused_and_nothing_is_signed()
    {
        TrustWorkloadIdentity();
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa), mount: "gcp-prod");
        Store("team-a", WorkloadIdentity("team-b"));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_c.Server.TokenRequests.Log);
        Assert.Empty(_gcp.SignedJwts);
        Assert.Equal(0, _vault.CallCount("login:gcp-prod"));
    }

    [Fact]
    public async Task A_secret_store_without_a_key_or_workload_identity_is_refused_rather_than_using_the_agents_identity()
    {
        _gcp.MetadataValues[FakeGcpSecretManagerServer.DefaultAccountEmailPath] = Gsa;
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa));
        Store("team-a", new JsonObject { ["role"] = "payments" });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("only a ClusterSecretStore may use the agent's own Google identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.SignedJwts);
        Assert.Equal(0, _gcp.CountCalls("metadata-token"));
    }

    [Fact]
    public async Task A_cluster_store_without_credentials_signs_as_the_agents_metadata_account_and_vault_accepts_it()
    {
        _gcp.MetadataValues[FakeGcpSecretManagerServer.DefaultAccountEmailPath] = Gsa;
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa));
        Store(null, new JsonObject { ["role"] = "payments" });

        await _c.PassAsync();

        Assert.True(_c.Value("team-a", "es", "password") == "from-vault", _c.ReadyMessage("team-a", "es"));
        Assert.Equal(Gsa, Assert.Single(_gcp.SignedJwts).ServiceAccount);
        Assert.True(_gcp.CountCalls("metadata-token") >= 1);
    }

    // ESO's auth.gcp.serviceAccountRef logs in with the controller's own identity (its GCE method), not the named ServiceAccount
    [Fact]
    public async Task Service_account_ref_in_a_secret_store_is_refused_as_the_agents_identity()
    {
        _gcp.MetadataValues[FakeGcpSecretManagerServer.DefaultAccountEmailPath] = Gsa;
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa));
        Store("team-a", new JsonObject { ["role"] = "payments", ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("auth.gcp.serviceAccountRef means the agent's own Google identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.SignedJwts);
        Assert.Equal(0, _gcp.CountCalls("metadata-token"));
    }

    [Fact]
    public async Task Service_account_ref_in_a_cluster_store_signs_as_the_agents_metadata_account_not_the_named_service_account()
    {
        _gcp.MetadataValues[FakeGcpSecretManagerServer.DefaultAccountEmailPath] = Gsa;
        _vault.AddGcpRole("payments", Gsa, _gcp.PublicKeyOf(Gsa));
        Store(null, new JsonObject { ["role"] = "payments", ["serviceAccountRef"] = new JsonObject { ["name"] = "app", ["namespace"] = "team-a" } });

        await _c.PassAsync();

        Assert.True(_c.Value("team-a", "es", "password") == "from-vault", _c.ReadyMessage("team-a", "es"));
        Assert.Equal(Gsa, Assert.Single(_gcp.SignedJwts).ServiceAccount);
        Assert.Empty(_c.Server.TokenRequests.Log); // the named ServiceAccount is not used, as in ESO
    }
}
