using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Azure;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// The agent's own Azure identity: <c>authType: ManagedIdentity</c> through the instance metadata service fake, and the
/// agent pod's workload identity environment, both for ClusterSecretStores only; a SecretStore is refused with a condition.
/// </summary>
public sealed class AzureAgentIdentityTests : IAsyncLifetime
{
    private FakeAzureKeyVaultServer _azure = null!;
    private HttpMessageHandler _handler = null!;
    private AgentCluster _c = null!;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        _azure = await FakeAzureKeyVaultServer.StartAsync();
        _handler = _azure.CreateClientHandler();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "agent-projected-token");
        var ambient = new Dictionary<string, string>
        {
            ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = _azure.ImdsEndpoint,
            ["AZURE_FEDERATED_TOKEN_FILE"] = _tokenFile,
            ["AZURE_CLIENT_ID"] = "agent-app",
            ["AZURE_TENANT_ID"] = _azure.TenantId,
            ["AZURE_AUTHORITY_HOST"] = _azure.AuthorityHost,
        };
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            Azure = new CloudKeyOptions { HttpHandler = _handler, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) },
            Ambient = new KeySourceContext(new MapEnvironment(ambient, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        _c.Namespace("team-a");
        _azure.SetSecret("db-password", "from-key-vault");
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        _handler.Dispose();
        await _azure.DisposeAsync();
        File.Delete(_tokenFile);
    }

    private void Store(string? ns, JsonObject azurekv)
    {
        azurekv["vaultUrl"] = _azure.VaultUrl;
        _c.Store(ns, "azure", new JsonObject { ["azurekv"] = azurekv });
        _c.ExternalSecret("team-a", "es", Spec("azure", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "db-password", null)]));
    }

    [Fact]
    public async Task A_cluster_secret_store_with_managed_identity_gets_a_vault_token_from_the_metadata_service()
    {
        _azure.AddManagedIdentity();
        Store(null, new JsonObject { ["authType"] = "ManagedIdentity" });

        await _c.PassAsync();

        Assert.Equal("from-key-vault", _c.Value("team-a", "es", "password"));
        Assert.Equal(new AzureManagedIdentityLogin("system", FakeAzureKeyVaultServer.Resource), Assert.Single(_azure.ManagedIdentityLogins));
    }

    [Fact]
    public async Task Identity_id_picks_a_user_assigned_identity()
    {
        _azure.AddManagedIdentity("11111111-user-assigned");
        Store(null, new JsonObject { ["authType"] = "ManagedIdentity", ["identityId"] = "11111111-user-assigned" });

        await _c.PassAsync();

        Assert.Equal("from-key-vault", _c.Value("team-a", "es", "password"));
        Assert.Equal("11111111-user-assigned", Assert.Single(_azure.ManagedIdentityLogins).Identity);
    }

    [Fact]
    public async Task An_identity_id_not_assigned_to_the_node_is_refused_with_a_clear_condition()
    {
        _azure.AddManagedIdentity("11111111-user-assigned");
        Store(null, new JsonObject { ["authType"] = "ManagedIdentity", ["identityId"] = "22222222-not-assigned" });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("the managed identity '22222222-not-assigned' got no token: HTTP 400: Identity not found", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_azure.ManagedIdentityLogins);
    }

    [Fact]
    public async Task A_secret_store_with_managed_identity_is_refused_and_the_metadata_service_never_asked()
    {
        _azure.AddManagedIdentity();
        Store("team-a", new JsonObject { ["authType"] = "ManagedIdentity" });

        await _c.PassAsync();

        Assert.Contains("only a ClusterSecretStore may use the agent's own Azure identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _azure.CountCalls("imds"));
    }

    [Fact]
    public async Task A_secret_store_with_service_principal_but_no_auth_secret_ref_is_refused()
    {
        Store("team-a", new JsonObject { ["tenantId"] = _azure.TenantId });

        await _c.PassAsync();

        Assert.Contains("authType ServicePrincipal needs authSecretRef in a SecretStore", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_secret_store_with_workload_identity_and_no_service_account_uses_the_agent_pods_federated_token_file()
    {
        _azure.AddFederatedClient("agent-app", "agent-projected-token");
        Store(null, new JsonObject { ["authType"] = "WorkloadIdentity" });

        await _c.PassAsync();

        Assert.Equal("from-key-vault", _c.Value("team-a", "es", "password"));
        Assert.Equal(1, _azure.CountCalls("token"));
    }
}
