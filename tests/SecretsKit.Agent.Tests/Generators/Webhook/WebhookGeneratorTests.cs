using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Tls;
using SecretsKit.Testing.Webhook;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Webhook;

/// <summary>ESO's <c>Webhook</c> generator against the strict webhook fake, namespaced and as a ClusterGenerator.</summary>
public sealed class WebhookGeneratorTests
{
    private static JsonArray Creds() => new(new JsonObject { ["name"] = "creds", ["secretRef"] = new JsonObject { ["name"] = "token-client", ["key"] = "token" } });

    /// <summary>A POST to the fake's <c>/tokens</c> with the bearer token and client of the <c>token-client</c> Secret, the keys of <c>$.data</c> written.</summary>
    private static JsonObject Tokens(FakeWebhookServer server) => new()
    {
        ["url"] = server.BaseAddress + "tokens",
        ["method"] = "POST",
        ["headers"] = new JsonObject { ["Authorization"] = "Bearer {{ .creds.token }}", ["Content-Type"] = "application/json" },
        ["body"] = """{"client":"{{ .creds.client }}"}""",
        ["result"] = new JsonObject { ["jsonPath"] = "$.data" },
        ["secrets"] = Creds(),
    };

    [Fact]
    public async Task Webhook_generator_posts_a_templated_body_and_writes_the_keys_of_the_json_path_object()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        await using var c = await StartAsync();
        c.Secret("default", "token-client", new Dictionary<string, string> { ["token"] = server.Token, ["client"] = "ci-runner" });
        Generator(c, "Webhook", "default", "issuer", Tokens(server));
        c.ExternalSecret("default", "issued", GeneratorSpec(("Webhook", "issuer")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "issued") == "True", c.ReadyMessage("default", "issued"));
        Assert.Equal("tok-1", c.Value("default", "issued", "token"));
        Assert.Equal("ci-runner", c.Value("default", "issued", "client"));
        Assert.Equal("3600", c.Value("default", "issued", "expires_in"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Webhook_cluster_generator_reads_its_secrets_in_the_external_secret_namespace_and_reports_http_errors()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Secret("team-a", "token-client", new Dictionary<string, string> { ["token"] = server.Token, ["client"] = "a" });
        c.Secret("team-b", "token-client", new Dictionary<string, string> { ["token"] = "revoked", ["client"] = "b" });
        Generator(c, "ClusterGenerator", null, "echo", new JsonObject
        {
            ["kind"] = "Webhook",
            ["generator"] = new JsonObject
            {
                ["webhookSpec"] = new JsonObject
                {
                    ["url"] = server.BaseAddress + "get?user={{ .creds.client }}",
                    ["headers"] = new JsonObject { ["Authorization"] = "Bearer {{ .creds.token }}" },
                    ["result"] = new JsonObject { ["jsonPath"] = "$.args" },
                    ["secrets"] = Creds(),
                },
            },
        });
        c.ExternalSecret("team-a", "echo", GeneratorSpec(("ClusterGenerator", "echo")));
        c.ExternalSecret("team-b", "echo", GeneratorSpec(("ClusterGenerator", "echo")));

        await c.PassAsync();

        Assert.Equal("a", c.Value("team-a", "echo", "user"));
        Assert.Equal("False", c.ReadyStatus("team-b", "echo"));
        Assert.Contains("endpoint gave error 401", c.ReadyMessage("team-b", "echo"), StringComparison.Ordinal);
        Assert.DoesNotContain("revoked", c.ReadyMessage("team-b", "echo"), StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>caProvider</c> (a Secret or a ConfigMap of the ExternalSecret's namespace) is the CA the generator trusts; without
    /// it the private CA is not trusted, and one of another namespace is refused.
    /// </summary>
    [Fact]
    public async Task Webhook_generator_trusts_the_ca_of_its_ca_provider_secret_or_config_map_and_nothing_else()
    {
        using var ca = TestCertificateAuthority.Create("Private Webhook CA");
        using var certificate = ca.IssueServerCertificate();
        await using var server = await FakeWebhookServer.StartAsync(tls: certificate);
        Assert.Equal("https", server.BaseAddress.Scheme);
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Secret("default", "token-client", new Dictionary<string, string> { ["token"] = server.Token, ["client"] = "ci-runner" });
        c.Secret("default", "webhook-ca", new Dictionary<string, string> { ["ca.crt"] = ca.Certificate.ExportCertificatePem() });
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "webhook-ca", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["ca.crt"] = ca.Certificate.ExportCertificatePem() },
        });
        JsonObject WebhookSpec(JsonObject? caProvider)
        {
            var spec = Tokens(server);
            if (caProvider is not null) spec["caProvider"] = caProvider;
            return spec;
        }
        Generator(c, "Webhook", "default", "via-secret", WebhookSpec(new JsonObject { ["type"] = "Secret", ["name"] = "webhook-ca", ["key"] = "ca.crt" }));
        Generator(c, "Webhook", "default", "via-configmap", WebhookSpec(new JsonObject { ["type"] = "ConfigMap", ["name"] = "webhook-ca", ["key"] = "ca.crt" }));
        Generator(c, "Webhook", "default", "untrusted", WebhookSpec(null));
        Generator(c, "Webhook", "default", "other-namespace",
            WebhookSpec(new JsonObject { ["type"] = "Secret", ["name"] = "webhook-ca", ["key"] = "ca.crt", ["namespace"] = "team-a" }));
        foreach (var name in new[] { "via-secret", "via-configmap", "untrusted", "other-namespace" })
        {
            c.ExternalSecret("default", name, GeneratorSpec(("Webhook", name)));
        }

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "via-secret") == "True", c.ReadyMessage("default", "via-secret"));
        Assert.Equal("ci-runner", c.Value("default", "via-secret", "client"));
        Assert.True(c.ReadyStatus("default", "via-configmap") == "True", c.ReadyMessage("default", "via-configmap"));
        Assert.Equal("False", c.ReadyStatus("default", "untrusted"));
        Assert.Contains("failed to call endpoint", c.ReadyMessage("default", "untrusted"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "untrusted"));
        Assert.Equal("False", c.ReadyStatus("default", "other-namespace"));
        Assert.Contains("caProvider may not reference namespace 'team-a'", c.ReadyMessage("default", "other-namespace"), StringComparison.Ordinal);
        Assert.Equal(2, server.CallCount("/tokens"));
    }
}
