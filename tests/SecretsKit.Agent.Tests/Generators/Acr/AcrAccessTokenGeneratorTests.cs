using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Azure.Acr;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Acr;

/// <summary>
/// ESO's <c>ACRAccessToken</c> generator against the Entra ID fake and the ACR fake, which accepts only a live directory
/// token for Azure Resource Manager in its exchange: service principal and workload identity, refresh and scoped access
/// tokens, namespaced and as a ClusterGenerator; the agent's own identity never.
/// </summary>
public sealed class AcrAccessTokenGeneratorTests : IAsyncLifetime
{
    private const string Registry = "secretskit.azurecr.io";
    private FakeAzureKeyVaultServer _azure = null!;
    private FakeAcrServer _acr = null!;
    private HttpMessageHandler _handler = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _azure = await FakeAzureKeyVaultServer.StartAsync();
        _acr = await FakeAcrServer.StartAsync(Registry, _azure);
        _handler = _azure.CreateClientHandler();
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            AwsEndpoints = new Dictionary<string, Uri> { ["ACR"] = _acr.BaseAddress },
            Retry = new CloudRetryOptions { MaxRetries = 0 },
            AzureAuthorityHost = new Uri(_azure.AuthorityHost),
            Azure = new CloudKeyOptions { HttpHandler = _handler, MaxRetries = 0 },
        });
        _azure.AssertionClock = _c.Time;
        _c.Namespace("team-a");
        _c.Namespace("team-b");
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        _handler.Dispose();
        await _acr.DisposeAsync();
        await _azure.DisposeAsync();
    }

    private JsonObject ServicePrincipal(string? scope = null)
    {
        var spec = new JsonObject
        {
            ["registry"] = Registry,
            ["tenantId"] = _azure.TenantId,
            ["auth"] = new JsonObject
            {
                ["servicePrincipal"] = new JsonObject
                {
                    ["secretRef"] = new JsonObject
                    {
                        ["clientId"] = new JsonObject { ["name"] = "sp", ["key"] = "id" },
                        ["clientSecret"] = new JsonObject { ["name"] = "sp", ["key"] = "secret" },
                    },
                },
            },
        };
        if (scope is not null) spec["scope"] = scope;
        return spec;
    }

    [Fact]
    public async Task Acr_generator_exchanges_a_service_principals_token_for_a_refresh_token_and_a_scoped_access_token()
    {
        _azure.AddClient("acr-pusher", "sp-secret");
        _c.Secret("team-a", "sp", new Dictionary<string, string> { ["id"] = "acr-pusher", ["secret"] = "sp-secret" });
        _c.Secret("team-b", "sp", new Dictionary<string, string> { ["id"] = "acr-pusher", ["secret"] = "sp-secret" });
        Generator(_c, "ACRAccessToken", "team-a", "refresh", ServicePrincipal());
        Generator(_c, "ClusterGenerator", null, "scoped", new JsonObject
        {
            ["kind"] = "ACRAccessToken", ["generator"] = new JsonObject { ["acrAccessTokenSpec"] = ServicePrincipal("repository:app:pull") },
        });
        _c.ExternalSecret("team-a", "refresh", GeneratorSpec(("ACRAccessToken", "refresh")));
        _c.ExternalSecret("team-b", "scoped", GeneratorSpec(("ClusterGenerator", "scoped")));

        await _c.PassAsync();

        Assert.True(_c.ReadyStatus("team-a", "refresh") == "True", _c.ReadyMessage("team-a", "refresh"));
        Assert.Equal("00000000-0000-0000-0000-000000000000", _c.Value("team-a", "refresh", "username"));
        Assert.True(_acr.IsRefreshToken(_c.Value("team-a", "refresh", "password")));
        Assert.True(_c.ReadyStatus("team-b", "scoped") == "True", _c.ReadyMessage("team-b", "scoped"));
        Assert.Equal("repository:app:pull", _acr.AccessTokenScope(_c.Value("team-b", "scoped", "password")));
        Assert.All(_azure.RequestedScopes, s => Assert.Equal("https://management.azure.com/.default", s));
        Assert.Equal(2, _acr.CallCount("exchange"));
        Assert.Equal(1, _acr.CallCount("token"));
        Assert.Empty(_c.Server.UnknownFields);
    }

    [Fact]
    public async Task Acr_generator_logs_in_as_a_tenants_service_account_with_workload_identity()
    {
        _c.Server.ServiceAccount("team-a", "pusher", new Dictionary<string, string>
        {
            ["azure.workload.identity/client-id"] = "acr-app", ["azure.workload.identity/tenant-id"] = _azure.TenantId,
        });
        _azure.AddWorkloadIdentityClient("acr-app", _c.Server.TokenRequests.Issuer, "team-a", "pusher");
        Generator(_c, "ACRAccessToken", "team-a", "wi", new JsonObject
        {
            ["registry"] = Registry,
            ["tenantId"] = _azure.TenantId,
            ["auth"] = new JsonObject { ["workloadIdentity"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "pusher" } } },
        });
        _c.ExternalSecret("team-a", "wi", GeneratorSpec(("ACRAccessToken", "wi")));

        await _c.PassAsync();

        Assert.True(_c.ReadyStatus("team-a", "wi") == "True", _c.ReadyMessage("team-a", "wi"));
        Assert.True(_acr.IsRefreshToken(_c.Value("team-a", "wi", "password")));
        var login = Assert.Single(_azure.FederatedLogins);
        Assert.Equal(("acr-app", "system:serviceaccount:team-a:pusher"), (login.ClientId, login.Subject));
    }

    [Fact]
    public async Task Acr_generator_refuses_the_agents_identity_another_namespaces_account_a_bad_registry_and_reports_acr_refusals()
    {
        _azure.AddClient("acr-pusher", "sp-secret");
        _c.Secret("team-a", "sp", new Dictionary<string, string> { ["id"] = "acr-pusher", ["secret"] = "wrong" });
        _c.Server.ServiceAccount("team-b", "pusher");
        JsonObject Spec(JsonObject auth, string registry = Registry) => new() { ["registry"] = registry, ["tenantId"] = _azure.TenantId, ["auth"] = auth };
        Generator(_c, "ACRAccessToken", "team-a", "mi", Spec(new JsonObject { ["managedIdentity"] = new JsonObject() }));
        Generator(_c, "ACRAccessToken", "team-a", "ambient", Spec(new JsonObject { ["workloadIdentity"] = new JsonObject() }));
        Generator(_c, "ACRAccessToken", "team-a", "foreign", Spec(new JsonObject
        {
            ["workloadIdentity"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "pusher", ["namespace"] = "team-b" } },
        }));
        var path = ServicePrincipal();
        path["registry"] = "evil.example/steal?x=";
        Generator(_c, "ACRAccessToken", "team-a", "path", path);
        Generator(_c, "ACRAccessToken", "team-a", "denied", ServicePrincipal());
        foreach (var name in new[] { "mi", "ambient", "foreign", "path", "denied" }) _c.ExternalSecret("team-a", name, GeneratorSpec(("ACRAccessToken", name)));

        await _c.PassAsync();

        Assert.Contains("auth.managedIdentity is the agent's node identity", _c.ReadyMessage("team-a", "mi"), StringComparison.Ordinal);
        Assert.Contains("auth.workloadIdentity without serviceAccountRef is the agent's own identity", _c.ReadyMessage("team-a", "ambient"), StringComparison.Ordinal);
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", _c.ReadyMessage("team-a", "foreign"), StringComparison.Ordinal);
        Assert.Contains("spec.registry 'evil.example/steal?x=' is not a host name with an optional port", _c.ReadyMessage("team-a", "path"), StringComparison.Ordinal);
        Assert.Contains("unable to get an Entra ID token", _c.ReadyMessage("team-a", "denied"), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", _c.ReadyMessage("team-a", "denied"), StringComparison.Ordinal);
        foreach (var name in new[] { "mi", "ambient", "foreign", "path", "denied" }) Assert.Equal("False", _c.ReadyStatus("team-a", name));
        Assert.Equal(0, _acr.CallCount("exchange"));
        Assert.Empty(_c.Server.TokenRequests.Log);
    }
}
