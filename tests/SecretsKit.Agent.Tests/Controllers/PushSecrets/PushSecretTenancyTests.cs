using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>A PushSecret reads only the one Secret it names, and only through stores this agent claims.</summary>
public sealed class PushSecretTenancyTests
{
    private static JsonObject PushSecret(string store, JsonObject selector) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1alpha1",
        ["kind"] = "PushSecret",
        ["metadata"] = new JsonObject { ["name"] = "push", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = store, ["kind"] = "SecretStore" }),
            ["selector"] = selector,
            ["data"] = new JsonArray(new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["remoteKey"] = "r" } } }),
        },
    };

    private static JsonObject? Condition(AgentCluster c) =>
        c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")?["status"]?["conditions"]?[0] as JsonObject;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    public async Task A_missing_or_invalid_source_name_is_an_error_never_a_list_of_the_namespace_secrets(string? name)
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "v")));
        c.Secret("default", "someone-elses", new Dictionary<string, string> { ["k"] = "v" });
        var secret = new JsonObject();
        if (name is not null) secret["name"] = name;
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("store", new JsonObject { ["secret"] = secret }));
        var before = c.Server.Requests.Count;

        await c.PassAsync();

        Assert.DoesNotContain(c.Server.Requests.Skip(before), r => r.Path.TrimEnd('/').EndsWith("/namespaces/default/secrets", StringComparison.Ordinal));
        Assert.Equal("False", Condition(c)!["status"]!.GetValue<string>());
        Assert.Contains("spec.selector.secret.name", Condition(c)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beside_eso_a_push_secret_on_an_unclaimed_store_gets_no_status_and_no_finalizer()
    {
        await using var c = await StartAsync(new AgentOptions { ClaimStoresWithoutController = false });
        c.Store("default", "eso", FakeProvider(("k", "v")));
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "v" });
        var push = PushSecret("eso", new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } });
        push["spec"]!["deletionPolicy"] = "Delete";
        c.Server.Create(FakeResourceType.PushSecret, "default", push);
        var before = c.Server.Requests.Count;

        await c.PassAsync();

        Assert.DoesNotContain(c.Server.Requests.Skip(before), r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE");
        var obj = c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")!;
        Assert.Null(obj["status"]);
        Assert.Null(obj["metadata"]!["finalizers"]);
    }

    [Fact]
    public async Task Through_a_shared_vault_store_a_push_never_overwrites_or_deletes_a_secret_it_did_not_create()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new SecretsKit.Cloud.Http.CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
        });
        vault.Kv2Put("secret", "team-b/db", new Dictionary<string, string> { ["password"] = "team-b-value" });
        c.VaultStore(vault);
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "team-a-value" });
        var push = PushSecret("vault", new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } });
        push["spec"]!["deletionPolicy"] = "Delete";
        push["spec"]!["data"] = new JsonArray(
            new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["remoteKey"] = "team-a/db", ["property"] = "password" } } },
            new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["remoteKey"] = "team-b/db", ["property"] = "password" } } });
        c.Server.Create(FakeResourceType.PushSecret, "default", push);

        await c.PassAsync();

        Assert.Equal("""{"password":"team-a-value"}""", vault.Kv2Current("secret", "team-a/db"));
        Assert.Equal("secretskit", vault.Kv2CustomMetadata("secret", "team-a/db")["managed-by"]);
        Assert.Equal("""{"password":"team-b-value"}""", vault.Kv2Current("secret", "team-b/db"));
        Assert.Equal("False", Condition(c)!["status"]!.GetValue<string>());
        Assert.Contains("is not managed by secretskit", Condition(c)!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Equal("""{"password":"team-b-value"}""", vault.Kv2Current("secret", "team-b/db"));
    }
}
