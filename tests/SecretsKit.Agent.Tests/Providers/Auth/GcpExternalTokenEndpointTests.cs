using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// GCP Secret Manager with <c>workloadIdentityFederation.credConfig</c> whose <c>credential_source.url</c> equals the
/// store's <c>externalTokenEndpoint</c>: the subject token is fetched from the identity provider's endpoint (headers as
/// given, text or JSON), verified by the Google STS fake as the pool's OIDC provider, then the Google service account is
/// impersonated. A URL other than externalTokenEndpoint, and for a SecretStore a loopback, link-local or metadata host
/// the operator did not allow, are refused before any request.
/// </summary>
public sealed class GcpExternalTokenEndpointTests : IAsyncLifetime
{
    private const string Gsa = "payments@proj-x.iam.gserviceaccount.com";
    private const string Audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/oidc/providers/idp";
    private FakeGcpSecretManagerServer _gcp = null!;
    private FakeExternalTokenEndpoint _idp = null!;
    private AgentCluster? _c;

    public async Task InitializeAsync()
    {
        _gcp = await FakeGcpSecretManagerServer.StartAsync();
        _idp = await FakeExternalTokenEndpoint.StartAsync();
        _gcp.AddVersion("db-password", "from-secret-manager");
        _gcp.AddWorkloadIdentityProvider(Audience, _idp.Issuer, FakeExternalTokenEndpoint.SubjectAudience);
        _gcp.AllowWorkloadIdentityUser(Gsa, "idp", "workload");
    }

    public async Task DisposeAsync()
    {
        if (_c is not null) await _c.DisposeAsync();
        await _idp.DisposeAsync();
        await _gcp.DisposeAsync();
    }

    private async Task<AgentCluster> StartAsync(params string[] allowedHosts)
    {
        _c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["gcpsm"] = _gcp.BaseAddress },
            Gcp = new GcpEndpoints { Sts = _gcp.BaseAddress, IamCredentials = _gcp.BaseAddress, ExternalTokenHosts = allowedHosts },
        });
        _c.Namespace("team-a");
        return _c;
    }

    private static JsonObject UrlConfig(string url, JsonObject? format = null, JsonObject? headers = null)
    {
        var source = new JsonObject { ["url"] = url };
        if (format is not null) source["format"] = format;
        if (headers is not null) source["headers"] = headers;
        return new JsonObject
        {
            ["type"] = "external_account",
            ["audience"] = Audience,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = "https://sts.googleapis.com/v1/token",
            ["service_account_impersonation_url"] = $"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/{Gsa}:generateAccessToken",
            ["credential_source"] = source,
        };
    }

    /// <summary>The ConfigMap <c>cred-config</c> in team-a and a store (cluster-wide when <paramref name="ns"/> is null) naming <paramref name="endpoint"/>.</summary>
    private static void Store(AgentCluster c, string? ns, JsonObject config, string? endpoint)
    {
        c.Server.Create(FakeResourceType.ConfigMap, "team-a", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "cred-config", ["namespace"] = "team-a" },
            ["data"] = new JsonObject { ["credentials.json"] = config.ToJsonString() },
        });
        var wif = new JsonObject { ["credConfig"] = new JsonObject { ["name"] = "cred-config", ["key"] = "credentials.json", ["namespace"] = "team-a" } };
        if (endpoint is not null) wif["externalTokenEndpoint"] = endpoint;
        c.Store(ns, "gcp", new JsonObject { ["gcpsm"] = new JsonObject { ["projectID"] = "secretskit-prod", ["auth"] = new JsonObject { ["workloadIdentityFederation"] = wif } } });
        c.ExternalSecret("team-a", "es", Spec("gcp", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "db-password", null)]));
    }

    private async Task AssertRefusedWithoutRequestAsync(AgentCluster c, string expected)
    {
        await c.PassAsync();
        Assert.Null(c.TargetSecret("team-a", "es"));
        Assert.Contains(expected, c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _idp.TotalCalls);
        Assert.Empty(_gcp.Calls);
    }

    [Fact]
    public async Task A_secret_store_fetches_the_json_subject_token_from_its_allowed_endpoint_with_its_headers_and_sts_verifies_it()
    {
        var c = await StartAsync("127.0.0.1");
        _idp.JsonField = "id_token";
        _idp.RequiredHeaders = new Dictionary<string, string> { ["X-Idp-Key"] = "idp-key-value", ["Metadata-Flavor"] = "Tenant" };
        Store(c, "team-a", UrlConfig(_idp.TokenUrl, new JsonObject { ["type"] = "json", ["subject_token_field_name"] = "id_token" },
            new JsonObject { ["X-Idp-Key"] = "idp-key-value", ["Metadata-Flavor"] = "Tenant" }), _idp.TokenUrl);

        await c.PassAsync();

        Assert.Equal("from-secret-manager", c.Value("team-a", "es", "password"));
        var fetch = Assert.Single(_idp.Requests);
        Assert.Equal("GET /token", fetch.Method + " " + fetch.PathAndQuery);
        Assert.Equal("idp-key-value", fetch.Header("X-Idp-Key"));
        Assert.Equal("Tenant", fetch.Header("Metadata-Flavor"));
        var exchange = Assert.Single(_gcp.StsExchanges);
        Assert.Equal((Audience, "system:serviceaccount:idp:workload"), (exchange.Audience, exchange.Subject));
        Assert.Equal(FakeExternalTokenEndpoint.SubjectAudience, Assert.Single(exchange.SubjectAudiences));
        Assert.Equal(Gsa, Assert.Single(_gcp.Impersonations).ServiceAccount);
    }

    [Fact]
    public async Task A_cluster_store_fetches_a_text_subject_token_from_a_loopback_endpoint_without_an_allowance()
    {
        var c = await StartAsync();
        Store(c, null, UrlConfig(_idp.TokenUrl), _idp.TokenUrl);

        await c.PassAsync();

        Assert.Equal("from-secret-manager", c.Value("team-a", "es", "password"));
        Assert.Single(_idp.Requests);
        Assert.Single(_gcp.StsExchanges);
    }

    [Fact]
    public async Task A_url_that_is_not_exactly_the_external_token_endpoint_is_refused_before_any_request()
    {
        var c = await StartAsync("127.0.0.1");
        Store(c, "team-a", UrlConfig(_idp.TokenUrl), _idp.TokenUrl + "?other");

        await AssertRefusedWithoutRequestAsync(c, "does not match the configured externalTokenEndpoint");
    }

    [Fact]
    public async Task A_url_without_an_external_token_endpoint_is_refused_before_any_request()
    {
        var c = await StartAsync("127.0.0.1");
        Store(c, "team-a", UrlConfig(_idp.TokenUrl), null);

        await AssertRefusedWithoutRequestAsync(c, "credential_source.url needs auth.workloadIdentityFederation.externalTokenEndpoint");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/token")]
    [InlineData("http://localhost:{port}/token")]
    [InlineData("http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/identity")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity")]
    [InlineData("http://[fd00:ec2::254]/latest/api/token")]
    [InlineData("http://[::1]:{port}/token")]
    [InlineData("http://0.0.0.0:{port}/token")]
    public async Task A_secret_store_naming_a_loopback_link_local_or_metadata_host_is_refused_unless_the_operator_allows_it(string template)
    {
        var c = await StartAsync();
        var url = template.Replace("{port}", _idp.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Store(c, "team-a", UrlConfig(url), url);

        await AssertRefusedWithoutRequestAsync(c, "which a SecretStore may not reach unless the operator allows it (GCP_EXTERNAL_TOKEN_HOSTS)");
    }

    [Fact]
    public async Task A_header_value_the_endpoint_refuses_fails_with_its_status_and_is_never_shown()
    {
        var c = await StartAsync("127.0.0.1");
        _idp.RequiredHeaders = new Dictionary<string, string> { ["X-Idp-Key"] = "the-right-key" };
        Store(c, "team-a", UrlConfig(_idp.TokenUrl, headers: new JsonObject { ["X-Idp-Key"] = "tenant-wrong-key-value" }), _idp.TokenUrl);

        await c.PassAsync();

        var message = c.ReadyMessage("team-a", "es");
        Assert.Contains($"the external token endpoint {_idp.TokenUrl} answered HTTP 401", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-wrong-key-value", message, StringComparison.Ordinal);
        Assert.Empty(_gcp.StsExchanges);
    }

    [Fact]
    public async Task A_reply_over_one_mebibyte_is_refused_and_nothing_is_exchanged()
    {
        var c = await StartAsync("127.0.0.1");
        _idp.PaddingBytes = GcpUrlSubjectTokenLimit + 1;
        Store(c, "team-a", UrlConfig(_idp.TokenUrl), _idp.TokenUrl);

        await c.PassAsync();

        Assert.Contains("answered more than 1 MiB", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_gcp.StsExchanges);
    }

    [Theory]
    [InlineData("""{"type":"xml"}""", "credential_source.format.type 'xml' is not text or json")]
    [InlineData("""{"type":"json"}""", "subject_token_field_name is required for format type json")]
    public async Task A_format_other_than_text_or_json_with_a_field_is_refused_before_any_request(string format, string expected)
    {
        var c = await StartAsync("127.0.0.1");
        Store(c, "team-a", UrlConfig(_idp.TokenUrl, (JsonObject)JsonNode.Parse(format)!), _idp.TokenUrl);

        await AssertRefusedWithoutRequestAsync(c, expected);
    }

    [Fact]
    public async Task A_header_value_with_a_line_break_is_refused_without_showing_it()
    {
        var c = await StartAsync("127.0.0.1");
        Store(c, "team-a", UrlConfig(_idp.TokenUrl, headers: new JsonObject { ["X-Idp-Key"] = "secret-part\r\nX-Injected: 1" }), _idp.TokenUrl);

        await AssertRefusedWithoutRequestAsync(c, "credential_source.headers['X-Idp-Key'] holds a value no header can carry");
        Assert.DoesNotContain("secret-part", _c!.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    private const int GcpUrlSubjectTokenLimit = 1024 * 1024;
}
