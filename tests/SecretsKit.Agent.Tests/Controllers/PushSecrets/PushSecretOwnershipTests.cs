using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// Through a shared store, a PushSecret overwrites or deletes only remote secrets that carry the agent's
/// <c>managed-by: secretskit</c> mark: AWS Secrets Manager tags and Azure Key Vault tags, through their wire fakes.
/// </summary>
public sealed class PushSecretOwnershipTests
{
    private static JsonObject PushSecret(string store, params string[] remoteKeys) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1alpha1",
        ["kind"] = "PushSecret",
        ["metadata"] = new JsonObject { ["name"] = "push", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["refreshInterval"] = "1h",
            ["deletionPolicy"] = "Delete",
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = store, ["kind"] = "SecretStore" }),
            ["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } },
            ["data"] = new JsonArray([.. remoteKeys.Select(k => (JsonNode)new JsonObject
            {
                ["match"] = new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["remoteKey"] = k } },
            })]),
        },
    };

    private static JsonObject? Condition(AgentCluster c) =>
        c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")?["status"]?["conditions"]?[0] as JsonObject;

    private static void ChangeSource(AgentCluster c, string value)
    {
        var source = c.Server.TryGet(FakeResourceType.Secret, "default", "source")!;
        source["data"]!["k"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));
        c.Server.Replace(FakeResourceType.Secret, "default", "source", source);
    }

    private static async Task<AgentCluster> AwsClusterAsync(FakeSecretsManagerServer sm)
    {
        var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "team-a-value" });
        return c;
    }

    private static async Task<AgentCluster> AzureClusterAsync(FakeAzureKeyVaultServer kv, HttpMessageHandler handler)
    {
        var c = await PushStores.AzureAsync(kv, handler);
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "team-a-value" });
        return c;
    }

    private static void AssertRefused(AgentCluster c, string remoteKey)
    {
        Assert.Equal("False", Condition(c)!["status"]!.GetValue<string>());
        var message = Condition(c)!["message"]!.GetValue<string>();
        Assert.Contains($"'{remoteKey}' exists and is not managed by secretskit", message, StringComparison.Ordinal);
        Assert.DoesNotContain("team-a-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aws_an_existing_untagged_secret_is_not_overwritten_and_the_PushSecret_says_why()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        sm.PutSecret("team-b/db", "team-b-value");
        await using var c = await AwsClusterAsync(sm);
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("aws", "team-a/db", "team-b/db"));

        await c.PassAsync();

        Assert.Equal("team-a-value", sm.Current("team-a/db"));
        Assert.Equal("secretskit", sm.TagsOf("team-a/db")["managed-by"]);
        Assert.Equal("team-b-value", sm.Current("team-b/db"));
        Assert.Empty(sm.TagsOf("team-b/db"));
        AssertRefused(c, "team-b/db");
    }

    [Fact]
    public async Task Aws_a_pushed_secret_someone_else_took_over_is_neither_updated_nor_deleted()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await AwsClusterAsync(sm);
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("aws", "shared/db"));
        await c.PassAsync();
        Assert.Equal("True", Condition(c)!["status"]!.GetValue<string>());
        ChangeSource(c, "team-a-value-2");
        await c.PassAsync();
        Assert.Equal("team-a-value-2", sm.Current("shared/db")); // its own secret: updated

        sm.PutSecret("shared/db", "team-b-value");
        sm.ReplaceTags("shared/db", new Dictionary<string, string> { ["managed-by"] = "team-b" });
        ChangeSource(c, "team-a-value-3");
        await c.PassAsync();
        Assert.Equal("team-b-value", sm.Current("shared/db"));
        AssertRefused(c, "shared/db");

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.False(sm.IsDeleted("shared/db"));
        Assert.Equal("team-b-value", sm.Current("shared/db"));
        Assert.Null(c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")); // finalizer released all the same
    }

    [Fact]
    public async Task Azure_an_existing_untagged_secret_is_not_overwritten_and_the_PushSecret_says_why()
    {
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        using var handler = kv.CreateClientHandler();
        kv.SetSecret("team-b-db", "team-b-value");
        await using var c = await AzureClusterAsync(kv, handler);
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("akv", "team-a-db", "team-b-db"));

        await c.PassAsync();

        Assert.Equal("team-a-value", kv.LatestValue("team-a-db"));
        Assert.Equal("secretskit", kv.LatestTags("team-a-db")!["managed-by"]);
        Assert.Equal("team-b-value", kv.LatestValue("team-b-db"));
        AssertRefused(c, "team-b-db");
    }

    [Fact]
    public async Task Azure_every_version_pushed_keeps_the_mark_and_a_secret_someone_else_took_over_is_neither_updated_nor_deleted()
    {
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        using var handler = kv.CreateClientHandler();
        await using var c = await AzureClusterAsync(kv, handler);
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("akv", "shared-db"));
        await c.PassAsync();
        ChangeSource(c, "team-a-value-2");
        await c.PassAsync();
        Assert.Equal("True", Condition(c)!["status"]!.GetValue<string>());
        Assert.Equal("team-a-value-2", kv.LatestValue("shared-db"));
        Assert.Equal("secretskit", kv.LatestTags("shared-db")!["managed-by"]); // tags are per version in Key Vault

        kv.SetSecret("shared-db", "team-b-value", new Dictionary<string, string> { ["managed-by"] = "team-b" });
        ChangeSource(c, "team-a-value-3");
        await c.PassAsync();
        Assert.Equal("team-b-value", kv.LatestValue("shared-db"));
        AssertRefused(c, "shared-db");

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.DoesNotContain("shared-db", kv.DeletedSecrets);
        Assert.Equal("team-b-value", kv.LatestValue("shared-db"));
        Assert.Null(c.Server.TryGet(FakeResourceType.PushSecret, "default", "push"));
    }
}
