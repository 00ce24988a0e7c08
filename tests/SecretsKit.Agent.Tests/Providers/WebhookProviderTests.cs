using System.Text.Json.Nodes;
using SecretsKit.Testing.Webhook;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// ESO's generic <c>webhook</c> provider against the strict webhook fake: templated url and headers with
/// <c>remoteRef</c> and whole Secrets, <c>result.jsonPath</c>, properties and extract; a host that is not literal in the
/// store's url, and credentials the service refuses, are errors.
/// </summary>
public sealed class WebhookProviderTests
{
    private static JsonObject Webhook(FakeWebhookServer server, string path, string? jsonPath) => new()
    {
        ["webhook"] = new JsonObject
        {
            ["url"] = server.BaseAddress + path,
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer {{ .auth.token }}", ["Content-Type"] = "application/json" },
            ["result"] = jsonPath is null ? new JsonObject() : new JsonObject { ["jsonPath"] = jsonPath },
            ["secrets"] = new JsonArray(new JsonObject { ["name"] = "auth", ["secretRef"] = new JsonObject { ["name"] = "webhook-credentials" } }),
        },
    };

    [Fact]
    public async Task Webhook_store_reads_json_path_results_properties_and_extract_with_the_templated_url_and_headers()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        server.Put("team/db", """{"data":{"password":"s3cret","port":5432,"tls":true}}""");
        await using var c = await StartAsync();
        c.Secret("default", "webhook-credentials", new Dictionary<string, string> { ["token"] = server.Token, ["unused"] = "x" });
        c.Store("default", "api", Webhook(server, "secrets/{{ .remoteRef.key }}", "$.data"));
        c.Store("default", "echo", Webhook(server, "get?parameter={{ .remoteRef.key }}", "$.args.parameter"));
        var spec = Spec("api", data: [("password", "team/db", "password"), ("port", "team/db", "port")]);
        spec["data"]!.AsArray().Add(new JsonObject
        {
            ["secretKey"] = "echoed", ["remoteRef"] = new JsonObject { ["key"] = "a b&c=d" }, ["sourceRef"] = new JsonObject { ["storeRef"] = new JsonObject { ["name"] = "echo", ["kind"] = "SecretStore" } },
        });
        spec["dataFrom"] = new JsonArray(new JsonObject { ["extract"] = new JsonObject { ["key"] = "team/db" } });
        c.ExternalSecret("default", "hooked", spec);

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "hooked") == "True", c.ReadyMessage("default", "hooked"));
        Assert.Equal("s3cret", c.Value("default", "hooked", "password"));
        Assert.Equal("5432", c.Value("default", "hooked", "port"));
        Assert.Equal("true", c.Value("default", "hooked", "tls"));
        Assert.Equal("a b&c=d", c.Value("default", "hooked", "echoed")); // URL-escaped into the query, read back by the service
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/secrets/team%2Fdb" && r.Method == "GET");
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/get?parameter=a+b%26c%3Dd");
    }

    [Fact]
    public async Task Webhook_store_templates_render_with_ESOs_functions_the_agent_hands_to_Clouds_provider()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        server.Put("db", """{"password":"s3cret"}""");
        await using var c = await StartAsync();
        c.Secret("default", "webhook-credentials", new Dictionary<string, string> { ["config"] = $"token: {server.Token}\n" });
        var store = Webhook(server, "secrets/{{ .remoteRef.key }}", "$.password");
        // fromYaml is ESO's, not sprig's: it renders only with the engine the agent hands over (ProviderContext.Templates)
        store["webhook"]!["headers"]!["Authorization"] = "Bearer {{ (.auth.config | fromYaml).token }}";
        c.Store("default", "yaml-config", store);
        c.ExternalSecret("default", "hooked", Spec("yaml-config", data: [("password", "db", null)]));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "hooked") == "True", c.ReadyMessage("default", "hooked"));
        Assert.Equal("s3cret", c.Value("default", "hooked", "password"));
    }

    [Fact]
    public async Task Webhook_store_whose_host_is_templated_is_invalid_and_a_refused_token_is_a_sync_error()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        server.Put("db", """{"password":"s3cret"}""");
        await using var c = await StartAsync();
        c.Secret("default", "webhook-credentials", new Dictionary<string, string> { ["token"] = "wrong-token" });
        c.Store("default", "anyhost", new JsonObject { ["webhook"] = new JsonObject { ["url"] = "{{ .remoteRef.key }}/secrets", ["result"] = new JsonObject() } });
        c.Store("default", "refused", Webhook(server, "secrets/{{ .remoteRef.key }}", null));
        c.ExternalSecret("default", "anyhost", Spec("anyhost", data: [("v", "http://evil.example", null)]));
        c.ExternalSecret("default", "refused", Spec("refused", data: [("v", "db", "password")]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "anyhost"));
        Assert.Contains("url must start with a literal http(s)://host[:port]/", c.ReadyMessage("default", "anyhost"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("default", "refused"));
        Assert.Contains("endpoint gave error 401", c.ReadyMessage("default", "refused"), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", c.ReadyMessage("default", "refused"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "refused"));
    }

    /// <summary>
    /// A tenant's webhook store pointed at the instance metadata service (its literal IPv4 and IPv6 forms) gets an error
    /// naming the refusal; the agent never connects there, so the node's credentials cannot land in the tenant's Secret.
    /// </summary>
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/computeMetadata/v1/")]
    public async Task Webhook_store_pointed_at_instance_metadata_is_refused_without_a_connection(string url)
    {
        await using var c = await StartAsync();
        c.Store("default", "imds", new JsonObject { ["webhook"] = new JsonObject { ["url"] = url + "{{ .remoteRef.key }}", ["result"] = new JsonObject() } });
        c.ExternalSecret("default", "imds", Spec("imds", data: [("v", "role", null)]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "imds"));
        Assert.Contains("link-local address (instance metadata)", c.ReadyMessage("default", "imds"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "imds"));
    }
}
