using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.OnePassword;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret <c>metadata</c> on 1Password Connect, through the agent and the Kubernetes API fake to the Connect fake:
/// ESO v2.9's <c>vault</c> (one of the store's vaults, else refused) and <c>tags</c>, the agent's own tag always kept.
/// </summary>
public sealed class OnePasswordPushMetadataTests
{
    private static async Task<AgentCluster> ClusterAsync(FakeOnePasswordConnectServer connect)
    {
        connect.AddVault("finance"); // exists in the account, but the store (vaults team and shared) does not name it
        var c = await OnePasswordPushSecretTests.ClusterAsync(connect);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["token"] = "tok-1" });
        return c;
    }

    private static void Push(AgentCluster c, string remoteKey, string specYaml) => PushMetadataYaml.Create(c, "op", PushMetadataYaml.Entry(remoteKey, specYaml));

    private static string[] Tags(JsonObject? item) => [.. item!["tags"]!.AsArray().Select(t => t!.GetValue<string>())];

    [Fact]
    public async Task The_item_is_created_in_the_metadata_vault_with_its_tags_and_a_later_push_replaces_the_tags_keeping_managed_by()
    {
        await using var connect = await FakeOnePasswordConnectServer.StartAsync();
        await using var c = await ClusterAsync(connect);
        Push(c, "db-creds", "        vault: shared\n        tags: [payments, rotated]\n");

        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Null(connect.Item("team", "db-creds")); // not the first vault by priority: the metadata's
        var item = connect.Item("shared", "db-creds");
        Assert.Equal(["managed-by:secretskit", "payments", "rotated"], Tags(item));

        var ps = PushSecretYaml.Stored(c);
        ps["spec"]!["data"]![0]!["metadata"]!["spec"] = new JsonObject { ["vault"] = "shared", ["tags"] = new JsonArray("billing") };
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", ps);
        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal(["managed-by:secretskit", "billing"], Tags(connect.Item("shared", "db-creds")));
    }

    [Theory]
    [InlineData("        vault: finance\n", "onepassword: metadata vault 'finance' not in provider vaults")]
    [InlineData("        tags: [managed-by:someone-else]\n", "spec.tags may not name a 'managed-by' tag")]
    [InlineData("        tags: payments\n", "spec.tags is not a list of strings")]
    [InlineData("        labels: {a: b}\n", "unknown field \"spec.labels\"")]
    public async Task Hostile_metadata_is_refused_in_the_condition_and_no_item_is_written(string specYaml, string message)
    {
        await using var connect = await FakeOnePasswordConnectServer.StartAsync();
        await using var c = await ClusterAsync(connect);
        Push(c, "refused", specYaml);

        await c.PassAsync();

        PushMetadataYaml.AssertRefused(c, message);
        Assert.Null(connect.Item("finance", "refused"));
        Assert.DoesNotContain(connect.Requests, r => r.Method is "POST" or "PUT");
    }
}
