using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// GCP Secret Manager with <c>workloadIdentityFederation.credConfig</c>: an external account configuration from a
/// ConfigMap. Its aws credential_source signs a GetCallerIdentity with the agent's own AWS keys (ClusterSecretStores
/// only) that the Google STS fake verifies as AWS would; every tenant-written URL that could pick a host, the file and
/// executable sources, and a url source without externalTokenEndpoint (see <see cref="GcpExternalTokenEndpointTests"/>),
/// are refused with a condition before any request reaches the fake.
/// </summary>
public sealed class GcpCredConfigTests : IAsyncLifetime
{
    private const string Gsa = "payments@proj-x.iam.gserviceaccount.com";
    private const string Audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/aws/providers/prod";
    private const string Arn = "arn:aws:iam::111122223333:user/agent";
    private FakeGcpSecretManagerServer _gcp = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _gcp = await FakeGcpSecretManagerServer.StartAsync();
        var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAAGENT", ["AWS_SECRET_ACCESS_KEY"] = "agent-secret", ["AWS_REGION"] = "eu-west-1" };
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["gcpsm"] = _gcp.BaseAddress },
            Gcp = new GcpEndpoints { Sts = _gcp.BaseAddress, IamCredentials = _gcp.BaseAddress },
            Ambient = new KeySourceContext(new MapEnvironment(environment, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        _gcp.AwsClock = _c.Time;
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _gcp.AddVersion("db-password", "from-secret-manager");
        _gcp.AddAwsWorkloadIdentityProvider(Audience, "eu-west-1", new FakeAwsPrincipal(Arn, "AKIAAGENT", "agent-secret"));
        _gcp.AllowFederatedPrincipal(Gsa, Arn);
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _gcp.DisposeAsync();
    }

    private static JsonObject AwsConfig() => new()
    {
        ["type"] = "external_account",
        ["audience"] = Audience,
        ["subject_token_type"] = "urn:ietf:params:aws:token-type:aws4_request",
        ["token_url"] = "https://sts.googleapis.com/v1/token",
        ["service_account_impersonation_url"] = $"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/{Gsa}:generateAccessToken",
        ["credential_source"] = new JsonObject
        {
            ["environment_id"] = "aws1",
            ["region_url"] = "http://169.254.169.254/latest/meta-data/placement/availability-zone",
            ["url"] = "http://169.254.169.254/latest/meta-data/iam/security-credentials",
            ["regional_cred_verification_url"] = "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15",
        },
    };

    /// <summary>The ConfigMap <c>cred-config</c> in <paramref name="configNamespace"/> and a store (cluster-wide when <paramref name="ns"/> is null) reading it.</summary>
    private void Store(string? ns, JsonObject config, string configNamespace = "team-a", bool nameNamespace = false)
    {
        _c.Server.Create(FakeResourceType.ConfigMap, configNamespace, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "cred-config", ["namespace"] = configNamespace },
            ["data"] = new JsonObject { ["credentials.json"] = config.ToJsonString() },
        });
        var credConfig = new JsonObject { ["name"] = "cred-config", ["key"] = "credentials.json" };
        if (nameNamespace) credConfig["namespace"] = configNamespace;
        var wif = new JsonObject { ["credConfig"] = credConfig };
        _c.Store(ns, "gcp", new JsonObject { ["gcpsm"] = new JsonObject { ["projectID"] = _gcp.Project, ["auth"] = new JsonObject { ["workloadIdentityFederation"] = wif } } });
        _c.ExternalSecret("team-a", "es", Spec("gcp", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "db-password", null)]));
    }

    private async Task AssertRefusedWithoutRequestAsync(string expected)
    {
        await _c.PassAsync();
        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains(expected, _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.Calls);
    }

    [Fact]
    public async Task A_cluster_store_aws_source_signs_with_the_agents_keys_sts_verifies_them_and_the_configs_account_is_impersonated()
    {
        Store(null, AwsConfig(), nameNamespace: true);

        await _c.PassAsync();

        Assert.Equal("from-secret-manager", _c.Value("team-a", "es", "password"));
        var exchange = Assert.Single(_gcp.StsExchanges);
        Assert.Equal((Audience, Arn), (exchange.Audience, exchange.Subject));
        Assert.Equal((Gsa, Arn), (Assert.Single(_gcp.Impersonations).ServiceAccount, _gcp.Impersonations[0].Subject));
    }

    [Fact]
    public async Task A_namespaced_store_aws_source_is_refused_because_it_would_sign_with_the_agents_identity()
    {
        Store("team-a", AwsConfig());

        await AssertRefusedWithoutRequestAsync("only a ClusterSecretStore may use");
    }

    [Fact]
    public async Task A_namespaced_store_cannot_read_another_namespaces_config_map()
    {
        Store("team-a", AwsConfig(), configNamespace: "team-b", nameNamespace: true);

        await AssertRefusedWithoutRequestAsync("team-b");
    }

    [Theory]
    [InlineData("token_url", "https://sts.attacker.example/v1/token", "token_url 'https://sts.attacker.example/v1/token' is not Google STS")]
    [InlineData("token_url", "http://sts.googleapis.com/v1/token", "is not Google STS")]
    [InlineData("token_info_url", "https://sts.attacker.example/v1/introspect", "token_info_url")]
    [InlineData("service_account_impersonation_url", "https://iamcredentials.attacker.example/v1/projects/-/serviceAccounts/a@p.iam.gserviceaccount.com:generateAccessToken", "is not IAM Credentials")]
    [InlineData("service_account_impersonation_url", "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/a@p.iam.gserviceaccount.com:signJwt", "is not IAM Credentials")]
    [InlineData("universe_domain", "attacker.example", "is not the agent's universe domain")]
    [InlineData("type", "service_account", "(expected 'external_account')")]
    public async Task A_config_field_that_would_pick_another_host_or_form_is_refused_before_any_request(string field, string value, string expected)
    {
        var config = AwsConfig();
        config[field] = value;
        Store(null, config, nameNamespace: true);

        await AssertRefusedWithoutRequestAsync(expected);
    }

    [Theory]
    [InlineData("""{"file":"/var/run/secrets/kubernetes.io/serviceaccount/token"}""", "credential_source.file is refused")]
    [InlineData("""{"file":"/var/run/secrets/oidc_token","format":{"type":"text"}}""", "credential_source.file is refused")]
    [InlineData("""{"url":"http://127.0.0.1:1/token"}""", "credential_source.url needs auth.workloadIdentityFederation.externalTokenEndpoint")]
    [InlineData("""{"executable":{"command":"/bin/sh -c id"}}""", "credential_source.executable is not allowed")]
    [InlineData("""{"environment_id":"aws1","url":"http://attacker.example/latest/meta-data/iam/security-credentials","region_url":"http://169.254.169.254/latest/meta-data/placement/availability-zone"}""", "credential_source.url 'http://attacker.example")]
    [InlineData("""{"environment_id":"azure1","url":"http://169.254.169.254/latest/meta-data/iam/security-credentials"}""", "must start with aws")]
    public async Task A_credential_source_other_than_the_aws_metadata_form_is_refused_before_any_request(string source, string expected)
    {
        var config = AwsConfig();
        config["credential_source"] = JsonNode.Parse(source);
        Store(null, config, nameNamespace: true);

        await AssertRefusedWithoutRequestAsync(expected);
    }

    [Fact]
    public async Task A_config_map_value_that_is_not_json_is_refused()
    {
        _c.Server.Create(FakeResourceType.ConfigMap, "team-a", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "other", ["namespace"] = "team-a" },
            ["data"] = new JsonObject { ["credentials.json"] = "{not json" },
        });
        Store(null, AwsConfig(), nameNamespace: true);
        var store = _c.Server.TryGet(FakeResourceType.ClusterSecretStore, null, "gcp")!;
        store["spec"]!["provider"]!["gcpsm"]!["auth"]!["workloadIdentityFederation"]!["credConfig"]!["name"] = "other";
        _c.Server.Replace(FakeResourceType.ClusterSecretStore, null, "gcp", store);

        await AssertRefusedWithoutRequestAsync("is not JSON");
    }
}
