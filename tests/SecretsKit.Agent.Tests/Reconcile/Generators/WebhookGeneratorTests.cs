using System.Text.Json.Nodes;
using SecretsKit.Testing.Webhook;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Reconcile.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Reconcile.Generators;

/// <summary>ESO's <c>Webhook</c> generator against the strict webhook fake, namespaced and as a ClusterGenerator.</summary>
public sealed class WebhookGeneratorTests
{
    private static JsonArray Creds() => new(new JsonObject { ["name"] = "creds", ["secretRef"] = new JsonObject { ["name"] = "token-client", ["key"] = "token" } });

    [Fact]
    public async Task Webhook_generator_posts_a_templated_body_and_writes_the_keys_of_the_json_path_object()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        await using var c = await StartAsync();
        c.Secret("default", "token-client", new Dictionary<string, string> { ["token"] = server.Token, ["client"] = "ci-runner" });
        Generator(c, "Webhook", "default", "issuer", new JsonObject
        {
            ["url"] = server.BaseAddress + "tokens",
            ["method"] = "POST",
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer {{ .creds.token }}", ["Content-Type"] = "application/json" },
            ["body"] = """{"client":"{{ .creds.client }}"}""",
            ["result"] = new JsonObject { ["jsonPath"] = "$.data" },
            ["secrets"] = Creds(),
        });
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
}
