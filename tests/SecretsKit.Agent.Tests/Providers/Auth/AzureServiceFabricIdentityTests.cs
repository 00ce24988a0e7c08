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
/// <c>authType: ManagedIdentity</c> on Service Fabric (<c>IDENTITY_ENDPOINT</c>, <c>IDENTITY_HEADER</c> and
/// <c>IDENTITY_SERVER_THUMBPRINT</c>): the token comes from that endpoint with its api-version and the <c>secret</c>
/// header, over TLS accepted only for the self-signed certificate with that thumbprint; Service Fabric wins over App
/// Service, whose variables it shares.
/// </summary>
public sealed class AzureServiceFabricIdentityTests : IAsyncLifetime
{
    private FakeAzureKeyVaultServer _azure = null!;
    private FakeServiceFabricIdentityEndpoint _fabric = null!;
    private HttpMessageHandler _handler = null!;
    private AgentCluster? _c;

    public async Task InitializeAsync()
    {
        _azure = await FakeAzureKeyVaultServer.StartAsync();
        _fabric = await FakeServiceFabricIdentityEndpoint.StartAsync(_azure);
        _handler = _azure.CreateClientHandler();
        _azure.SetSecret("db-password", "from-key-vault");
        _azure.AddManagedIdentity();
    }

    public async Task DisposeAsync()
    {
        if (_c is not null) await _c.DisposeAsync();
        _handler.Dispose();
        await _fabric.DisposeAsync();
        await _azure.DisposeAsync();
    }

    private async Task<AgentCluster> StartAsync(string thumbprint, string? header = null)
    {
        var ambient = new Dictionary<string, string>
        {
            ["IDENTITY_ENDPOINT"] = _fabric.Endpoint, ["IDENTITY_HEADER"] = header ?? _fabric.Secret, ["IDENTITY_SERVER_THUMBPRINT"] = thumbprint,
            ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = _azure.ImdsEndpoint,
        };
        _c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            Azure = new CloudKeyOptions { HttpHandler = _handler, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) },
            Ambient = new KeySourceContext(new MapEnvironment(ambient, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        _c.Namespace("team-a");
        _c.Store(null, "azure", new JsonObject { ["azurekv"] = new JsonObject { ["authType"] = "ManagedIdentity", ["vaultUrl"] = _azure.VaultUrl } });
        _c.ExternalSecret("team-a", "es", Spec("azure", "ClusterSecretStore", data: [("password", "db-password", null)]));
        return _c;
    }

    [Fact]
    public async Task Service_fabric_identity_sends_its_secret_header_to_the_endpoint_with_the_named_thumbprint()
    {
        var c = await StartAsync(_fabric.Thumbprint.ToLowerInvariant());

        await c.PassAsync();

        Assert.Equal("from-key-vault", c.Value("team-a", "es", "password"));
        Assert.Equal(new AzureManagedIdentityLogin("system", FakeAzureKeyVaultServer.Resource, "servicefabric"), Assert.Single(_azure.ManagedIdentityLogins));
        Assert.Equal(0, _azure.CountCalls("imds"));
        Assert.Equal(0, _azure.CountCalls("appservice"));
    }

    [Fact]
    public async Task A_thumbprint_of_another_certificate_is_refused_at_the_tls_handshake_before_the_secret_is_sent()
    {
        var c = await StartAsync(new string('A', 40));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("team-a", "es"));
        var message = c.ReadyMessage("team-a", "es");
        Assert.Contains("presented a TLS certificate whose thumbprint is not IDENTITY_SERVER_THUMBPRINT; nothing was sent", message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fabric.Secret, message, StringComparison.Ordinal);
        Assert.Equal(0, _fabric.Requests);
        Assert.Empty(_azure.ManagedIdentityLogins);
    }

    [Fact]
    public async Task A_wrong_secret_header_is_refused_by_the_endpoint_and_not_shown()
    {
        var c = await StartAsync(_fabric.Thumbprint, header: "not-the-fabric-secret");

        await c.PassAsync();

        var message = c.ReadyMessage("team-a", "es");
        Assert.Contains("got no token: HTTP 401", message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-fabric-secret", message, StringComparison.Ordinal);
        Assert.True(_fabric.Requests > 0);
        Assert.Empty(_azure.ManagedIdentityLogins);
    }

    [Fact]
    public async Task A_thumbprint_that_is_not_forty_hex_digits_is_refused_before_any_connection()
    {
        var c = await StartAsync("not-a-thumbprint");

        await c.PassAsync();

        Assert.Contains("IDENTITY_SERVER_THUMBPRINT must be a certificate's SHA-1 thumbprint (40 hex digits)", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _fabric.Requests);
    }
}
