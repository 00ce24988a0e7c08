using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Tls;
using SecretsKit.Testing.Webhook;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret to ESO's <c>webhook</c> provider, recorded by the strict webhook fake: the request a push sends (method,
/// templated url with the URL-escaped value, body, headers from the store's Secrets), the DELETE a deletion policy sends,
/// a remote key the default body cannot name refused before any request; and the store's <c>caProvider</c> trust.
/// </summary>
public sealed class WebhookPushSecretTests
{
    private static JsonObject Store(Uri baseAddress, string url, string? method = null, string? body = null)
    {
        var webhook = new JsonObject
        {
            ["url"] = baseAddress + url,
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer {{ .auth.token }}" },
            ["result"] = new JsonObject(),
            ["secrets"] = new JsonArray(new JsonObject { ["name"] = "auth", ["secretRef"] = new JsonObject { ["name"] = "webhook-credentials" } }),
        };
        if (method is not null) webhook["method"] = method;
        if (body is not null) webhook["body"] = body;
        return new JsonObject { ["webhook"] = webhook };
    }

    private static async Task<AgentCluster> ClusterAsync(FakeWebhookServer server, JsonObject store)
    {
        var c = await AgentCluster.StartAsync();
        c.Secret("default", "webhook-credentials", new Dictionary<string, string> { ["token"] = server.Token });
        c.Secret("default", "source", new Dictionary<string, string> { ["pw"] = "p w&1" });
        c.Store("default", "hook", store);
        return c;
    }

    private static void Push(AgentCluster c, string data) =>
        PushSecretYaml.Create(c, "secretStoreRefs: [{name: hook, kind: SecretStore}]\nselector: {secret: {name: source}}\ndeletionPolicy: Delete\n" + data);

    [Fact]
    public async Task Webhook_push_posts_the_value_as_the_default_body_and_the_deletion_policy_sends_delete()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        await using var c = await ClusterAsync(server, Store(server.BaseAddress, "secrets/{{ .remoteRef.remoteKey }}"));
        Push(c, "data: [{match: {secretKey: pw, remoteRef: {remoteKey: dbpw}}}]");

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", PushSecretYaml.Ready(c));
        var push = Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Equal("/secrets/dbpw", push.PathAndQuery);
        Assert.Equal("p w&1", push.Body);
        Assert.Equal("Bearer " + server.Token, push.Header("Authorization"));
        Assert.Equal("p w&1", server.Document("dbpw"));

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        var delete = Assert.Single(server.Requests, r => r.Method == "DELETE");
        Assert.Equal("/secrets/dbpw", delete.PathAndQuery);
        Assert.Equal("", delete.Body);
        Assert.Equal("Bearer " + server.Token, delete.Header("Authorization"));
        Assert.Null(server.Document("dbpw"));
    }

    [Fact]
    public async Task Webhook_push_renders_method_body_and_url_with_remote_key_secret_key_and_the_escaped_value()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        await using var c = await ClusterAsync(server, Store(server.BaseAddress, "secrets/{{ .remoteRef.remoteKey }}?v={{ .remoteRef.dbpw }}", "PUT",
            """{"key":"{{ .remoteRef.remoteKey }}","from":"{{ .remoteRef.secretKey }}","value":"{{ .remoteRef.dbpw }}"}"""));
        Push(c, "data: [{match: {secretKey: pw, remoteRef: {remoteKey: dbpw}}}]");

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", PushSecretYaml.Ready(c));
        var push = Assert.Single(server.Requests, r => r.Method == "PUT");
        Assert.Equal("/secrets/dbpw?v=p+w%261", push.PathAndQuery);
        Assert.Equal("""{"key":"dbpw","from":"pw","value":"p w&1"}""", push.Body);
    }

    /// <summary>ESO's default body is <c>{{ .remoteRef.&lt;remoteKey&gt; }}</c>: a key that is no field name fails, and is never run as template text.</summary>
    [Fact]
    public async Task Webhook_push_with_a_remote_key_the_default_body_cannot_name_fails_without_a_request()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        await using var c = await ClusterAsync(server, Store(server.BaseAddress, "secrets/x"));
        Push(c, "data: [{match: {secretKey: pw, remoteRef: {remoteKey: 'a }}{{ .auth.token'}}}]");

        await c.PassAsync();

        var ready = PushSecretYaml.Ready(c);
        Assert.StartsWith("False", ready, StringComparison.Ordinal);
        Assert.Contains("is not a template field name", ready, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Method is "POST" or "PUT");
    }

    /// <summary><c>caProvider</c> (a Secret or a ConfigMap of the store's namespace) is the CA the store trusts; without it the private CA is not trusted.</summary>
    [Fact]
    public async Task Webhook_store_trusts_the_ca_of_its_ca_provider_secret_or_config_map_and_nothing_else()
    {
        using var ca = TestCertificateAuthority.Create("Private Webhook CA");
        using var certificate = ca.IssueServerCertificate();
        await using var server = await FakeWebhookServer.StartAsync(tls: certificate);
        server.Put("db", """{"password":"s3cret"}""");
        Assert.Equal("https", server.BaseAddress.Scheme);
        var viaSecret = Store(server.BaseAddress, "secrets/{{ .remoteRef.key }}");
        viaSecret["webhook"]!["caProvider"] = new JsonObject { ["type"] = "Secret", ["name"] = "webhook-ca", ["key"] = "ca.crt" };
        var viaConfigMap = Store(server.BaseAddress, "secrets/{{ .remoteRef.key }}");
        viaConfigMap["webhook"]!["caProvider"] = new JsonObject { ["type"] = "ConfigMap", ["name"] = "webhook-ca", ["key"] = "ca.crt" };
        await using var c = await ClusterAsync(server, viaSecret);
        c.Store("default", "hook-cm", viaConfigMap);
        c.Store("default", "hook-untrusted", Store(server.BaseAddress, "secrets/{{ .remoteRef.key }}"));
        c.Secret("default", "webhook-ca", new Dictionary<string, string> { ["ca.crt"] = ca.Certificate.ExportCertificatePem() });
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "webhook-ca", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["ca.crt"] = ca.Certificate.ExportCertificatePem() },
        });
        foreach (var store in new[] { "hook", "hook-cm", "hook-untrusted" })
        {
            c.ExternalSecret("default", store, AgentCluster.Spec(store, data: [("password", "db", null)]));
        }

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "hook") == "True", c.ReadyMessage("default", "hook"));
        Assert.Equal("""{"password":"s3cret"}""", c.Value("default", "hook", "password"));
        Assert.True(c.ReadyStatus("default", "hook-cm") == "True", c.ReadyMessage("default", "hook-cm"));
        Assert.Equal("False", c.ReadyStatus("default", "hook-untrusted"));
        Assert.Contains("failed to call endpoint", c.ReadyMessage("default", "hook-untrusted"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "hook-untrusted"));
    }

    /// <summary>A ClusterSecretStore's <c>secrets[].secretRef</c> without a namespace is read in each served namespace (ESO's referent rule).</summary>
    [Fact]
    public async Task Webhook_cluster_store_reads_an_unnamespaced_secret_ref_in_the_namespace_it_serves()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        server.Put("db", """{"password":"s3cret"}""");
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Secret("team-a", "webhook-credentials", new Dictionary<string, string> { ["token"] = server.Token });
        c.Secret("team-b", "webhook-credentials", new Dictionary<string, string> { ["token"] = "team-b-token" });
        c.Store(null, "hook", Store(server.BaseAddress, "secrets/{{ .remoteRef.key }}"));
        c.ExternalSecret("team-a", "read", AgentCluster.Spec("hook", "ClusterSecretStore", data: [("password", "db", null)]));
        c.ExternalSecret("team-b", "read", AgentCluster.Spec("hook", "ClusterSecretStore", data: [("password", "db", null)]));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-a", "read") == "True", c.ReadyMessage("team-a", "read"));
        Assert.Equal("""{"password":"s3cret"}""", c.Value("team-a", "read", "password"));
        Assert.Equal("False", c.ReadyStatus("team-b", "read"));
        Assert.Contains("endpoint gave error 401", c.ReadyMessage("team-b", "read"), StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Header("Authorization") == "Bearer team-b-token");
    }
}
