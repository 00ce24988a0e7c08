using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Gcp;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// GCP Secret Manager with <c>auth.workloadIdentity</c> and <c>auth.workloadIdentityFederation</c> as a tenant's
/// ServiceAccount: the STS fake verifies the subject token (the API fake's key: signature, audience, expiry), IAM
/// Credentials checks the Workload Identity User binding of the federated principal.
/// </summary>
public sealed class GcpWorkloadIdentityTests : IAsyncLifetime
{
    private const string Gsa = "payments@proj-x.iam.gserviceaccount.com";
    private const string Pool = "proj-x.svc.id.goog";
    private const string GkeAudience = "identitynamespace:proj-x.svc.id.goog:https://container.googleapis.com/v1/projects/proj-x/locations/europe-west1/clusters/prod";
    private const string FederationAudience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/onprem/providers/k8s";
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
            Ambient = new KeySourceContext(new MapEnvironment(new Dictionary<string, string> { ["GCE_METADATA_HOST"] = _gcp.MetadataHost }, "/nonexistent", "/"),
                KeySourceContext.System.Processes, TimeProvider.System),
        });
        _gcp.AssertionClock = _c.Time;
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _gcp.AddVersion("db-password", "from-secret-manager");
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _gcp.DisposeAsync();
    }

    private static JsonObject Cluster() => new() { ["clusterProjectID"] = "proj-x", ["clusterLocation"] = "europe-west1", ["clusterName"] = "prod" };

    private void Store(string? ns, JsonObject auth, string? location = null)
    {
        var gcpsm = new JsonObject { ["projectID"] = _gcp.Project, ["auth"] = auth };
        if (location is not null) gcpsm["location"] = location;
        _c.Store(ns, "gcp", new JsonObject { ["gcpsm"] = gcpsm });
        _c.ExternalSecret(ns ?? "team-a", "es", Spec("gcp", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "db-password", null)]));
    }

    private static JsonObject WorkloadIdentity(JsonObject serviceAccountRef, JsonObject? cluster = null)
    {
        var wi = cluster ?? Cluster();
        wi["serviceAccountRef"] = serviceAccountRef;
        return new JsonObject { ["workloadIdentity"] = wi };
    }

    [Fact]
    public async Task Workload_identity_exchanges_a_token_for_the_identity_pool_at_sts_then_impersonates_the_annotated_google_service_account()
    {
        _c.Server.ServiceAccount("team-a", "app", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = Gsa });
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, Pool);
        _gcp.AllowWorkloadIdentityUser(Gsa, "team-a", "app");
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app" }));

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        var minted = Assert.Single(_c.Server.TokenRequests.Log);
        Assert.Equal(("team-a", "app", 900L), (minted.Namespace, minted.ServiceAccount, minted.ExpirationSeconds));
        Assert.Equal([Pool], minted.Audiences);
        var exchange = Assert.Single(_gcp.StsExchanges);
        Assert.Equal((GkeAudience, "system:serviceaccount:team-a:app"), (exchange.Audience, exchange.Subject));
        var impersonation = Assert.Single(_gcp.Impersonations);
        Assert.Equal((Gsa, "system:serviceaccount:team-a:app"), (impersonation.ServiceAccount, impersonation.Subject));
        Assert.Equal(["https://www.googleapis.com/auth/cloud-platform"], impersonation.Scopes);
    }

    [Fact]
    public async Task Without_the_annotation_the_federated_token_reads_the_secret_directly()
    {
        _c.Server.ServiceAccount("team-a", "app");
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, Pool);
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app" }));

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        Assert.Single(_gcp.StsExchanges);
        Assert.Empty(_gcp.Impersonations);
    }

    [Fact]
    public async Task Cluster_project_location_and_name_come_from_the_metadata_server_when_the_store_leaves_them_out()
    {
        _gcp.MetadataValues["project/project-id"] = "proj-x";
        _gcp.MetadataValues["instance/attributes/cluster-location"] = "europe-west1";
        _gcp.MetadataValues["instance/attributes/cluster-name"] = "prod";
        _c.Server.ServiceAccount("team-a", "app");
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, Pool);
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app" }, new JsonObject()));

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        Assert.Equal(GkeAudience, Assert.Single(_gcp.StsExchanges).Audience);
        Assert.Equal(0, _gcp.CountCalls("metadata-token")); // attributes only, never the node's token
    }

    [Fact]
    public async Task A_subject_token_for_another_audience_is_refused_by_sts_with_a_clear_condition()
    {
        _c.Server.ServiceAccount("team-a", "app");
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, "other-project.svc.id.goog");
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app" }));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("does not match the expected audience other-project.svc.id.goog", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.StsExchanges);
    }

    [Fact]
    public async Task An_expired_subject_token_is_refused_by_sts()
    {
        _c.Server.ServiceAccount("team-a", "app");
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, Pool);
        _gcp.AssertionClock = new SecretsKit.Testing.Time.ManualTimeProvider(_c.Time.GetUtcNow() + TimeSpan.FromHours(2));
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app" }));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("The ID Token provided is expired", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_account_without_the_workload_identity_user_binding_cannot_impersonate_the_google_account()
    {
        _c.Server.ServiceAccount("team-a", "other", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = Gsa });
        _gcp.AddWorkloadIdentityProvider(GkeAudience, _c.Server.TokenRequests.Issuer, Pool);
        _gcp.AllowWorkloadIdentityUser(Gsa, "team-a", "app");
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "other" }));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("iam.serviceAccounts.getAccessToken' denied", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.Impersonations);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_gets_no_token()
    {
        _c.Server.ServiceAccount("team-b", "app", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = Gsa });
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app", ["namespace"] = "team-b" }));

        await _c.PassAsync();

        Assert.Contains("a SecretStore may use only ServiceAccounts of its own namespace 'team-a'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_c.Server.TokenRequests.Log);
        Assert.Empty(_gcp.StsExchanges);
    }

    [Fact]
    public async Task Federation_with_service_account_ref_exchanges_for_the_pool_audience_and_impersonates_the_configured_account()
    {
        _c.Server.ServiceAccount("team-a", "app");
        _gcp.AddWorkloadIdentityProvider(FederationAudience, _c.Server.TokenRequests.Issuer, "https://iam.googleapis.com/onprem");
        _gcp.AllowWorkloadIdentityUser(Gsa, "team-a", "app");
        Store("team-a", new JsonObject
        {
            ["workloadIdentityFederation"] = new JsonObject
            {
                ["serviceAccountRef"] = new JsonObject { ["name"] = "app", ["audiences"] = new JsonArray("https://iam.googleapis.com/onprem") },
                ["audience"] = FederationAudience,
                ["gcpServiceAccountEmail"] = Gsa,
            },
        });

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        Assert.Equal(["https://iam.googleapis.com/onprem"], Assert.Single(_c.Server.TokenRequests.Log).Audiences);
        Assert.Equal(FederationAudience, Assert.Single(_gcp.StsExchanges).Audience);
        Assert.Equal(Gsa, Assert.Single(_gcp.Impersonations).ServiceAccount);
    }

    [Fact]
    public async Task A_secret_store_without_auth_never_gets_the_agents_metadata_identity()
    {
        Store("team-a", new JsonObject());

        await _c.PassAsync();

        Assert.Contains("only a ClusterSecretStore may use the agent's own Google identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _gcp.CountCalls("metadata-token"));
    }

    [Fact]
    public async Task A_cluster_secret_store_without_auth_uses_the_agents_metadata_server_identity()
    {
        Store(null, new JsonObject());

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        Assert.Equal(1, _gcp.CountCalls("metadata-token"));
    }

    [Fact]
    public async Task A_location_that_is_not_a_region_name_cannot_pick_the_host_the_token_goes_to()
    {
        _c.Server.ServiceAccount("team-a", "app");
        Store("team-a", WorkloadIdentity(new JsonObject { ["name"] = "app" }), location: "evil.example/x?");

        await _c.PassAsync();

        Assert.Contains("location 'evil.example/x?' is not a region name", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_c.Server.TokenRequests.Log);
    }
}
