using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>PushSecret through the agent to each writable provider's wire fake: update and deletion policies, status.</summary>
public sealed class PushSecretTests
{
    private static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = PushStores.FastRetry;

    private static JsonObject Ref(string name, string key) => PushStores.Ref(name, key);

    private static JsonObject PushSecret(string name, string store, string? updatePolicy = null, string? deletionPolicy = null,
        params (string? SecretKey, string RemoteKey, string? Property)[] data)
    {
        var spec = new JsonObject
        {
            ["refreshInterval"] = "1h",
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = store, ["kind"] = "SecretStore" }),
            ["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } },
            ["data"] = new JsonArray([.. data.Select(d =>
            {
                var remoteRef = new JsonObject { ["remoteKey"] = d.RemoteKey };
                if (d.Property is not null) remoteRef["property"] = d.Property;
                var match = new JsonObject { ["remoteRef"] = remoteRef };
                if (d.SecretKey is not null) match["secretKey"] = d.SecretKey;
                return (JsonNode)new JsonObject { ["match"] = match };
            })]),
        };
        if (updatePolicy is not null) spec["updatePolicy"] = updatePolicy;
        if (deletionPolicy is not null) spec["deletionPolicy"] = deletionPolicy;
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1alpha1",
            ["kind"] = "PushSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }

    private static JsonObject? Status(AgentCluster c, string name) =>
        c.Server.TryGet(FakeResourceType.PushSecret, "default", name)?["status"] as JsonObject;

    /// <summary>The Ready status, with the condition's message when it is not True (so a failure says why).</summary>
    private static string? Ready(AgentCluster c, string name)
    {
        var condition = Status(c, name)?["conditions"]?[0];
        var status = condition?["status"]?.GetValue<string>();
        return status == "True" ? status : $"{status}: {condition?["message"]}";
    }

    /// <summary>An agent with a SecretStore <c>gcp</c> on the Secret Manager fake, authenticated by a service-account key.</summary>
    private static async Task<AgentCluster> GcpClusterAsync(FakeGcpSecretManagerServer gcp)
    {
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry, AwsEndpoints = new Dictionary<string, Uri> { ["gcpsm"] = gcp.BaseAddress },
            Gcp = new GcpEndpoints { OAuth2Token = gcp.TokenUri },
        });
        c.Secret("default", "gcp-sa", new Dictionary<string, string> { ["key.json"] = gcp.CreateServiceAccount() });
        c.Store("default", "gcp", new JsonObject
        {
            ["gcpsm"] = new JsonObject
            {
                ["projectID"] = gcp.Project,
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = Ref("gcp-sa", "key.json") } },
            },
        });
        return c;
    }

    [Fact]
    public async Task Vault_gets_properties_of_one_secret_and_a_changed_source_Secret_is_pushed_again_on_the_next_pass()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["host"] = "db.internal" });
        vault.Kv2SetCustomMetadata("secret", "app/db", new Dictionary<string, string> { ["managed-by"] = "secretskit" }); // the agent's own secret
        c.Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = vault.RootToken });
        c.Store("default", "vault", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
                ["auth"] = new JsonObject { ["tokenSecretRef"] = Ref("vault-token", "token") },
            },
        });
        c.Secret("default", "source", new Dictionary<string, string> { ["user"] = "app", ["password"] = "pw-1" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("push", "vault", data: [("user", "app/db", "user"), ("password", "app/db", "password")]));

        await c.PassAsync();

        Assert.Equal("True", Ready(c, "push"));
        Assert.Equal("""{"host":"db.internal","user":"app","password":"pw-1"}""", vault.Kv2Current("secret", "app/db"));
        Assert.NotNull(Status(c, "push")!["syncedPushSecrets"]!["SecretStore/vault"]!["app/db/password"]);

        var source = c.Server.TryGet(FakeResourceType.Secret, "default", "source")!;
        source["data"]!["password"] = Convert.ToBase64String("pw-2"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "source", source);
        await c.PassAsync();

        Assert.Equal("""{"host":"db.internal","user":"app","password":"pw-2"}""", vault.Kv2Current("secret", "app/db"));
        Assert.Equal(4, vault.Kv2VersionCount("secret", "app/db")); // seeded, user, password; then only the changed password (unchanged user not rewritten)
    }

    [Fact]
    public async Task Aws_secrets_manager_creates_a_secret_and_IfNotExists_leaves_an_existing_one_alone_and_unclaimed()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        sm.PutSecret("prod/existing", "remote-owned");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "source", new Dictionary<string, string> { ["token"] = "tok-1", ["other"] = "o" });
        c.Server.Create(FakeResourceType.PushSecret, "default",
            PushSecret("push", "aws", updatePolicy: "IfNotExists", data: [("token", "prod/new", null), ("token", "prod/existing", null)]));

        await c.PassAsync();

        Assert.Equal("True", Ready(c, "push"));
        Assert.Equal("tok-1", sm.Current("prod/new"));
        Assert.Equal("secretskit", sm.TagsOf("prod/new")["managed-by"]);
        Assert.Equal("remote-owned", sm.Current("prod/existing"));
        var synced = Status(c, "push")!["syncedPushSecrets"]!["SecretStore/aws"]!.AsObject();
        Assert.True(synced.ContainsKey("prod/new"));
        Assert.False(synced.ContainsKey("prod/existing"));
    }

    [Fact]
    public async Task Azure_key_vault_deletionPolicy_Delete_removes_pushed_secrets_when_the_PushSecret_is_deleted()
    {
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        using var handler = kv.CreateClientHandler();
        await using var c = await PushStores.AzureAsync(kv, handler);
        c.Secret("default", "source", new Dictionary<string, string> { ["api-key"] = "key-42" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("push", "akv", deletionPolicy: "Delete", data: [("api-key", "api-key", null)]));

        await c.PassAsync();
        Assert.Equal("True", Ready(c, "push"));
        Assert.Equal("key-42", kv.LatestValue("api-key"));
        Assert.Contains(PushSecretResource.Finalizer,
            c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Null(kv.LatestValue("api-key"));
        Assert.Contains("api-key", kv.DeletedSecrets);
        Assert.Null(c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")); // finalizer released
    }

    [Fact]
    public async Task Gcp_secret_manager_deletionPolicy_None_keeps_values_and_Delete_removes_an_entry_dropped_from_the_spec()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await GcpClusterAsync(gcp);
        c.Secret("default", "source", new Dictionary<string, string> { ["a"] = "va", ["b"] = "vb" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("keep", "gcp", data: [("a", "keep-a", null)]));
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("drop", "gcp", deletionPolicy: "Delete", data: [("a", "drop-a", null), ("b", "drop-b", null)]));

        await c.PassAsync();
        Assert.Equal("va", gcp.Latest("keep-a"));
        Assert.Equal("va", gcp.Latest("drop-a"));
        Assert.Equal("vb", gcp.Latest("drop-b"));
        Assert.Equal("secretskit", gcp.Find("drop-b")!.Labels["managed-by"]);

        var drop = c.Server.TryGet(FakeResourceType.PushSecret, "default", "drop")!;
        drop["spec"]!["data"]!.AsArray().RemoveAt(1);
        c.Server.Replace(FakeResourceType.PushSecret, "default", "drop", drop);
        c.Server.Delete(FakeResourceType.PushSecret, "default", "keep");
        await c.PassAsync();

        Assert.Equal("va", gcp.Latest("keep-a")); // deletionPolicy None: left in place
        Assert.Null(gcp.Find("drop-b"));           // dropped from the spec with deletionPolicy Delete
        Assert.Equal("va", gcp.Latest("drop-a"));
        Assert.False(Status(c, "drop")!["syncedPushSecrets"]!["SecretStore/gcp"]!.AsObject().ContainsKey("drop-b"));
    }

    [Fact]
    public async Task A_missing_source_key_sets_Ready_False_naming_the_key_and_no_value()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await GcpClusterAsync(gcp);
        c.Secret("default", "source", new Dictionary<string, string> { ["a"] = "value-that-must-not-leak" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("push", "gcp", data: [("missing", "x", null)]));

        await c.PassAsync();

        var condition = Status(c, "push")!["conditions"]![0]!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal("Errored", condition["reason"]!.GetValue<string>());
        Assert.Equal("set secret failed: secret key missing does not exist", condition["message"]!.GetValue<string>()); // ESO's message
        Assert.DoesNotContain("value-that-must-not-leak", condition["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generator_kind_the_agent_lacks_is_reported_by_name_and_nothing_is_pushed()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await GcpClusterAsync(gcp);
        var push = PushSecret("push", "gcp", data: [("a", "x", null)]);
        push["spec"]!["selector"] = new JsonObject
        {
            ["generatorRef"] = new JsonObject { ["kind"] = "SomeFutureGenerator", ["name"] = "g" },
        };
        c.Server.Create(FakeResourceType.PushSecret, "default", push);

        await c.PassAsync();

        Assert.Contains("spec.selector.generatorRef.kind must be one of ", Ready(c, "push"), StringComparison.Ordinal);
        Assert.Contains(", not 'SomeFutureGenerator'", Ready(c, "push"), StringComparison.Ordinal);
        Assert.Null(gcp.Find("x"));
    }

    [Fact]
    public async Task ConversionStrategy_None_the_default_a_real_api_server_fills_in_is_pushed_as_is()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await GcpClusterAsync(gcp);
        c.Secret("default", "source", new Dictionary<string, string> { ["a"] = "va" });
        var push = PushSecret("push", "gcp", data: [("a", "x", null)]);
        push["spec"]!["data"]![0]!["conversionStrategy"] = "None";
        c.Server.Create(FakeResourceType.PushSecret, "default", push);

        await c.PassAsync();

        Assert.Equal("True", Ready(c, "push"));
        Assert.Equal("va", gcp.Latest("x"));
    }
}
