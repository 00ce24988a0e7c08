using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Azure;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// Azure Key Vault with <c>authType: WorkloadIdentity</c> as a tenant's ServiceAccount: the Entra ID fake verifies the
/// client assertion (the API fake's token: signature, audience <c>api://AzureADTokenExchange</c>, expiry, subject).
/// </summary>
public sealed class AzureWorkloadIdentityTests : IAsyncLifetime
{
    private FakeAzureKeyVaultServer _azure = null!;
    private HttpMessageHandler _handler = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _azure = await FakeAzureKeyVaultServer.StartAsync();
        _handler = _azure.CreateClientHandler();
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AzureAuthorityHost = new Uri(_azure.AuthorityHost),
            Azure = new CloudKeyOptions { HttpHandler = _handler, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) },
        });
        _azure.AssertionClock = _c.Time;
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _azure.SetSecret("db-password", "from-key-vault");
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        _handler.Dispose();
        await _azure.DisposeAsync();
    }

    private void Store(string ns, JsonObject serviceAccountRef, bool withTenant = true)
    {
        var azure = new JsonObject { ["vaultUrl"] = _azure.VaultUrl, ["authType"] = "WorkloadIdentity", ["serviceAccountRef"] = serviceAccountRef };
        if (withTenant) azure["tenantId"] = _azure.TenantId;
        _c.Store(ns, "azure", new JsonObject { ["azurekv"] = azure });
        _c.ExternalSecret(ns, "es", Spec("azure", data: [("password", "db-password", null)]));
    }

    [Fact]
    public async Task Workload_identity_exchanges_a_token_for_api_AzureADTokenExchange_with_the_annotated_client_id()
    {
        _c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "payments-app" });
        _azure.AddWorkloadIdentityClient("payments-app", _c.Server.TokenRequests.Issuer, "team-a", "app");
        Store("team-a", new JsonObject { ["name"] = "app" });

        await _c.PassAsync();

        Assert.Equal("from-key-vault", _c.Value("team-a", "es", "password"));
        Assert.Equal(["api://AzureADTokenExchange"], Assert.Single(_c.Server.TokenRequests.Log).Audiences);
        var login = Assert.Single(_azure.FederatedLogins);
        Assert.Equal(("payments-app", "system:serviceaccount:team-a:app"), (login.ClientId, login.Subject));
        Assert.Equal(["api://AzureADTokenExchange"], login.Audiences);
    }

    [Fact]
    public async Task The_tenant_can_come_from_the_service_account_annotation()
    {
        _c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string>
        {
            ["azure.workload.identity/client-id"] = "payments-app", ["azure.workload.identity/tenant-id"] = _azure.TenantId,
        });
        _azure.AddWorkloadIdentityClient("payments-app", _c.Server.TokenRequests.Issuer, "team-a", "app");
        Store("team-a", new JsonObject { ["name"] = "app" }, withTenant: false);

        await _c.PassAsync();

        Assert.Equal("from-key-vault", _c.Value("team-a", "es", "password"));
    }

    [Fact]
    public async Task A_federated_credential_for_another_service_account_refuses_the_exchange_with_a_clear_condition()
    {
        _c.Server.ServiceAccount("team-a", "other", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "payments-app" });
        _azure.AddWorkloadIdentityClient("payments-app", _c.Server.TokenRequests.Issuer, "team-a", "app");
        Store("team-a", new JsonObject { ["name"] = "other" });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("AADSTS70021", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_azure.FederatedLogins);
    }

    [Fact]
    public async Task An_expired_assertion_is_refused_by_entra_id()
    {
        _c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "payments-app" });
        _azure.AddWorkloadIdentityClient("payments-app", _c.Server.TokenRequests.Issuer, "team-a", "app");
        _azure.AssertionClock = new SecretsKit.Testing.Time.ManualTimeProvider(_c.Time.GetUtcNow() + TimeSpan.FromHours(2));
        Store("team-a", new JsonObject { ["name"] = "app" });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("AADSTS700024", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_gets_no_token()
    {
        _c.Server.ServiceAccount("team-b", "app", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "payments-app" });
        Store("team-a", new JsonObject { ["name"] = "app", ["namespace"] = "team-b" });

        await _c.PassAsync();

        Assert.Contains("a SecretStore may use only ServiceAccounts of its own namespace 'team-a'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_c.Server.TokenRequests.Log);
        Assert.Equal(0, _azure.CountCalls("token"));
    }

    [Fact]
    public async Task A_secret_store_without_service_account_ref_never_gets_the_agents_workload_identity()
    {
        _c.Store("team-a", "azure", new JsonObject
        {
            ["azurekv"] = new JsonObject { ["vaultUrl"] = _azure.VaultUrl, ["tenantId"] = _azure.TenantId, ["authType"] = "WorkloadIdentity" },
        });
        _c.ExternalSecret("team-a", "es", Spec("azure", data: [("password", "db-password", null)]));

        await _c.PassAsync();

        Assert.Contains("only a ClusterSecretStore may use the agent's own workload identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }
}
