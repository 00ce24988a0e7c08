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
/// <c>authType: ManagedIdentity</c> where the host sets <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> (App Service
/// style): the token comes from that endpoint with the header, before the instance metadata service, as Azure.Identity
/// orders them; the fake refuses a wrong header.
/// </summary>
public sealed class AzureAppServiceIdentityTests
{
    private static async Task<(AgentCluster, FakeAzureKeyVaultServer, HttpMessageHandler)> StartAsync(Func<FakeAzureKeyVaultServer, Dictionary<string, string>> environment)
    {
        var azure = await FakeAzureKeyVaultServer.StartAsync();
        var handler = azure.CreateClientHandler();
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            Azure = new CloudKeyOptions { HttpHandler = handler, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) },
            Ambient = new KeySourceContext(new MapEnvironment(environment(azure), "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        c.Namespace("team-a");
        azure.SetSecret("db-password", "from-key-vault");
        c.Store(null, "azure", new JsonObject { ["azurekv"] = new JsonObject { ["authType"] = "ManagedIdentity", ["identityId"] = "app-identity", ["vaultUrl"] = azure.VaultUrl } });
        c.ExternalSecret("team-a", "es", Spec("azure", "ClusterSecretStore", data: [("password", "db-password", null)]));
        azure.AddManagedIdentity("app-identity");
        return (c, azure, handler);
    }

    [Fact]
    public async Task Managed_identity_uses_the_identity_endpoint_with_its_header_before_the_metadata_service()
    {
        var (c, azure, handler) = await StartAsync(a => new Dictionary<string, string>
        {
            ["IDENTITY_ENDPOINT"] = a.IdentityEndpoint, ["IDENTITY_HEADER"] = a.IdentityHeader, ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = a.ImdsEndpoint,
        });
        await using (c)
        await using (azure)
        using (handler)
        {
            await c.PassAsync();

            Assert.Equal("from-key-vault", c.Value("team-a", "es", "password"));
            Assert.Equal(new AzureManagedIdentityLogin("app-identity", FakeAzureKeyVaultServer.Resource, "appservice"), Assert.Single(azure.ManagedIdentityLogins));
            Assert.Equal(0, azure.CountCalls("imds"));
        }
    }

    [Fact]
    public async Task A_wrong_identity_header_is_refused_with_a_condition_that_does_not_show_it()
    {
        var (c, azure, handler) = await StartAsync(a => new Dictionary<string, string>
        {
            ["IDENTITY_ENDPOINT"] = a.IdentityEndpoint, ["IDENTITY_HEADER"] = "not-the-header-value",
        });
        await using (c)
        await using (azure)
        using (handler)
        {
            await c.PassAsync();

            Assert.Null(c.TargetSecret("team-a", "es"));
            var message = c.ReadyMessage("team-a", "es");
            Assert.Contains("the managed identity 'app-identity' got no token: HTTP 401", message, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-header-value", message, StringComparison.Ordinal);
            Assert.Empty(azure.ManagedIdentityLogins);
        }
    }
}
