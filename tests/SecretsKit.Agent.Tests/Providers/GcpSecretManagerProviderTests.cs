using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Gcp;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary><c>spec.provider.gcpsm</c> through the agent against the Secret Manager wire fake, with a service-account key from a Secret.</summary>
public sealed class GcpSecretManagerProviderTests
{
    private static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = new()
    {
        MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
    };

    private static async Task<(FakeGcpSecretManagerServer Gcp, AgentCluster Cluster)> StartAsync(string? location = null)
    {
        var gcp = await FakeGcpSecretManagerServer.StartAsync();
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry,
            AwsEndpoints = new Dictionary<string, Uri> { ["gcpsm"] = gcp.BaseAddress },
            Gcp = new GcpEndpoints { OAuth2Token = gcp.TokenUri },
        });
        c.Secret("default", "gcp-sa", new Dictionary<string, string> { ["key.json"] = gcp.CreateServiceAccount() });
        var spec = new JsonObject
        {
            ["projectID"] = gcp.Project,
            ["auth"] = new JsonObject
            {
                ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "gcp-sa", ["key"] = "key.json" } },
            },
        };
        if (location is not null) spec["location"] = location;
        c.Store("default", "gcp", new JsonObject { ["gcpsm"] = spec });
        return (gcp, c);
    }

    [Fact]
    public async Task An_ExternalSecret_reads_a_whole_secret_and_a_json_property_from_gcpsm_with_a_service_account_key()
    {
        var (gcp, c) = await StartAsync();
        await using var _ = gcp;
        await using var cluster = c;
        gcp.AddVersion("api-token", "old");
        gcp.AddVersion("api-token", "tok-123");
        gcp.AddVersion("db", """{"user":"app","password":"pw-9"}""");
        c.ExternalSecret("default", "es", Spec("gcp", data: [("token", "api-token", null), ("password", "db", "password")]));

        await c.PassAsync();

        Assert.Equal("True", c.ReadyStatus("default", "es"));
        Assert.Equal("tok-123", c.Value("default", "es", "token"));
        Assert.Equal("pw-9", c.Value("default", "es", "password"));
        Assert.Equal(1, gcp.CountCalls("token")); // one JWT exchange, the token is reused
        Assert.Equal(2, gcp.CountCalls("access"));
    }

    [Fact]
    public async Task A_regional_store_reads_regional_secrets_and_find_by_label_collects_matching_secrets()
    {
        var (gcp, c) = await StartAsync(location: "europe-west4");
        await using var _ = gcp;
        await using var cluster = c;
        gcp.AddVersion("app-a", "a-1", new Dictionary<string, string> { ["team"] = "web" }, "europe-west4");
        gcp.AddVersion("app-b", "b-1", new Dictionary<string, string> { ["team"] = "web" }, "europe-west4");
        gcp.AddVersion("other", "x", new Dictionary<string, string> { ["team"] = "db" }, "europe-west4");
        gcp.AddVersion("app-a", "global-value"); // same id, global: must not be read by a regional store
        var spec = Spec("gcp");
        spec["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["tags"] = new JsonObject { ["team"] = "web" } } });
        c.ExternalSecret("default", "es", spec);

        await c.PassAsync();

        Assert.Equal("True", c.ReadyStatus("default", "es"));
        Assert.Equal("a-1", c.Value("default", "es", "app-a"));
        Assert.Equal("b-1", c.Value("default", "es", "app-b"));
        Assert.Null(c.Value("default", "es", "other"));
    }

    [Fact]
    public async Task A_missing_gcpsm_secret_sets_Ready_False_without_any_credential_in_the_message()
    {
        var (gcp, c) = await StartAsync();
        await using var _ = gcp;
        await using var cluster = c;
        c.ExternalSecret("default", "es", Spec("gcp", data: [("token", "nope", null)]));

        await c.PassAsync();

        var ready = c.ReadyCondition("default", "es")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        var message = ready["message"]!.GetValue<string>();
        Assert.Contains("nope", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_secret_naming_a_key_file_path_is_refused_without_reading_the_file()
    {
        var (gcp, c) = await StartAsync();
        await using var _ = gcp;
        await using var cluster = c;
        using var dir = new TempDir();
        var agentsKey = dir.Write("agent-key.json", gcp.CreateServiceAccount("agent@secretskit.iam.gserviceaccount.com")); // as if mounted into the agent
        TenantStore(c, gcp, agentsKey);
        gcp.AddVersion("api-token", "tok-123");
        c.ExternalSecret("default", "es", Spec("tenant", data: [("token", "api-token", null)]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.Contains("must hold a service account key's JSON (a file path is not read)", c.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.Equal(0, gcp.CountCalls("token"));
        Assert.Equal(0, gcp.CountCalls("access"));
    }

    [Fact]
    public async Task A_key_whose_token_uri_names_another_host_is_refused_and_that_host_never_gets_the_signed_jwt()
    {
        var (gcp, c) = await StartAsync();
        await using var _ = gcp;
        await using var cluster = c;
        await using var elsewhere = await FakeGcpSecretManagerServer.StartAsync();
        TenantStore(c, gcp, elsewhere.CreateServiceAccount());
        gcp.AddVersion("api-token", "tok-123");
        c.ExternalSecret("default", "es", Spec("tenant", data: [("token", "api-token", null)]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        var message = c.ReadyMessage("default", "es");
        Assert.Contains($"the key's token_uri '{elsewhere.TokenUri}' is not Google's token endpoint ({gcp.TokenUri})", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", message, StringComparison.Ordinal);
        Assert.Equal(0, elsewhere.CountCalls("token"));
        Assert.Equal(0, gcp.CountCalls("access"));
    }

    /// <summary>A SecretStore <c>tenant</c> whose key Secret <c>tenant-key</c> holds <paramref name="key"/>.</summary>
    private static void TenantStore(AgentCluster c, FakeGcpSecretManagerServer gcp, string key)
    {
        c.Secret("default", "tenant-key", new Dictionary<string, string> { ["key.json"] = key });
        c.Store("default", "tenant", new JsonObject
        {
            ["gcpsm"] = new JsonObject
            {
                ["projectID"] = gcp.Project,
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "tenant-key", ["key"] = "key.json" } } },
            },
        });
    }
}
