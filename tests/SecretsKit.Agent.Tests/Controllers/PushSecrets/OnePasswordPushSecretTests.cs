using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.OnePassword;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret to the 1Password Connect fake as ESO's <c>onepassword</c> provider writes: a SERVER item in the first
/// vault by priority with one CONCEALED field per property (default <c>password</c>), fields added or replaced on the
/// existing item (PUT at its current version), the field removed on delete and the item deleted once it is empty; items
/// the agent did not create are neither overwritten nor deleted.
/// </summary>
public sealed class OnePasswordPushSecretTests
{
    private static JsonObject PushSecret(string name, string? deletionPolicy, params (string SecretKey, string RemoteKey, string? Property)[] data)
    {
        var spec = new JsonObject
        {
            ["refreshInterval"] = "1h",
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = "op", ["kind"] = "SecretStore" }),
            ["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } },
            ["data"] = new JsonArray([.. data.Select(d =>
            {
                var remoteRef = new JsonObject { ["remoteKey"] = d.RemoteKey };
                if (d.Property is not null) remoteRef["property"] = d.Property;
                return (JsonNode)new JsonObject { ["match"] = new JsonObject { ["secretKey"] = d.SecretKey, ["remoteRef"] = remoteRef } };
            })]),
        };
        if (deletionPolicy is not null) spec["deletionPolicy"] = deletionPolicy;
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1alpha1", ["kind"] = "PushSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" }, ["spec"] = spec,
        };
    }

    /// <summary>An agent with SecretStore <c>op</c> on <paramref name="connect"/>: vaults <c>team</c> (priority 1) and <c>shared</c> (5).</summary>
    internal static async Task<AgentCluster> ClusterAsync(FakeOnePasswordConnectServer connect)
    {
        connect.AddVault("team");
        connect.AddVault("shared");
        var c = await AgentCluster.StartAsync();
        c.Secret("default", "op-token", new Dictionary<string, string> { ["token"] = connect.Token });
        c.Store("default", "op", new JsonObject
        {
            ["onepassword"] = new JsonObject
            {
                ["connectHost"] = connect.BaseAddress.ToString(),
                ["vaults"] = new JsonObject { ["shared"] = 5, ["team"] = 1 },
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["connectTokenSecretRef"] = PushStores.Ref("op-token", "token") } },
            },
        });
        return c;
    }

    private static string? Ready(AgentCluster c, string name)
    {
        var condition = c.Server.TryGet(FakeResourceType.PushSecret, "default", name)?["status"]?["conditions"]?[0];
        return condition?["status"]?.GetValue<string>() == "True" ? "True" : $"{condition?["status"]}: {condition?["message"]}";
    }

    private static string? FieldValue(JsonObject? item, string label) =>
        item?["fields"]?.AsArray().OfType<JsonObject>().SingleOrDefault(f => f["label"]!.GetValue<string>() == label)?["value"]?.GetValue<string>();

    [Fact]
    public async Task Onepassword_push_creates_a_server_item_in_the_first_vault_updates_its_fields_and_deletes_it_once_empty()
    {
        await using var connect = await FakeOnePasswordConnectServer.StartAsync();
        await using var c = await ClusterAsync(connect);
        c.Secret("default", "source", new Dictionary<string, string> { ["user"] = "app", ["pw"] = "pw-1" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("push", "Delete", ("pw", "db-creds", null), ("user", "db-creds", "username")));

        await c.PassAsync();

        Assert.Equal("True", Ready(c, "push"));
        var item = connect.Item("team", "db-creds"); // team (1) before shared (5)
        Assert.NotNull(item);
        Assert.Null(connect.Item("shared", "db-creds"));
        Assert.Equal("SERVER", item!["category"]!.GetValue<string>());
        Assert.Equal("pw-1", FieldValue(item, "password"));
        Assert.Equal("app", FieldValue(item, "username"));
        Assert.Equal("CONCEALED", item["fields"]![0]!["type"]!.GetValue<string>());
        Assert.Contains("managed-by:secretskit", item["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var source = c.Server.TryGet(FakeResourceType.Secret, "default", "source")!;
        source["data"]!["pw"] = Convert.ToBase64String("pw-2"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "source", source);
        await c.PassAsync();

        item = connect.Item("team", "db-creds");
        Assert.Equal("pw-2", FieldValue(item, "password"));
        Assert.Equal("app", FieldValue(item, "username"));
        Assert.True(item!["version"]!.GetValue<int>() > 1);

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Null(connect.Item("team", "db-creds"));
        Assert.Contains(connect.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Onepassword_push_refuses_to_overwrite_an_item_the_agent_did_not_create_and_leaves_it_on_delete()
    {
        await using var connect = await FakeOnePasswordConnectServer.StartAsync();
        await using var c = await ClusterAsync(connect);
        connect.AddItem("team", "someone-elses", fields: [("password", "theirs", null)]);
        c.Secret("default", "source", new Dictionary<string, string> { ["pw"] = "mine" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("push", "Delete", ("pw", "someone-elses", null)));

        await c.PassAsync();

        Assert.StartsWith("False", Ready(c, "push"), StringComparison.Ordinal);
        Assert.Contains("not managed by secretskit", Ready(c, "push"), StringComparison.Ordinal);
        Assert.DoesNotContain("mine", Ready(c, "push"), StringComparison.Ordinal);
        Assert.Equal("theirs", FieldValue(connect.Item("team", "someone-elses"), "password"));

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Equal("theirs", FieldValue(connect.Item("team", "someone-elses"), "password"));
        Assert.DoesNotContain(connect.Requests, r => r.Method is "PUT" or "DELETE");
    }
}
