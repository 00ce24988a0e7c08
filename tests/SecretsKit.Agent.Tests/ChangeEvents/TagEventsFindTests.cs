using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Gcp;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// A find by tags alone and the events that carry tags: AWS CloudTrail's <c>TagResource</c>, <c>UntagResource</c> and
/// <c>CreateSecret</c>, GCP's <c>SECRET_UPDATE</c> (the Secret JSON with its labels). A secret that newly gets the tags
/// joins the Secret at once, one that loses them leaves it, and tags that match no find cost no provider read. End to
/// end through the Kubernetes API fake and the provider and queue wire fakes; everything refreshes hourly.
/// </summary>
public sealed class TagEventsFindTests
{
    private static readonly Dictionary<string, string> Payments = new() { ["team"] = "payments" };

    private static JsonObject TagFind(string store) => new()
    {
        ["refreshInterval"] = "1h",
        ["secretStoreRef"] = new JsonObject { ["name"] = store, ["kind"] = "SecretStore" },
        ["target"] = new JsonObject { ["name"] = "payments" },
        ["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["tags"] = new JsonObject { ["team"] = "payments" } } }),
    };

    /// <summary>The tags-only find <c>payments</c> on <paramref name="store"/> synced (holding <c>pay-a</c> = a1) and the store subscribed.</summary>
    private static async Task<IAsyncDisposable> WatchFindAsync(AgentCluster c, string store, Func<bool> subscribed)
    {
        c.ExternalSecret("default", "payments", TagFind(store));
        var run = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "payments", "pay-a") == "a1", "the find synced");
        await Poll.UntilAsync(subscribed, "ChangeEventsReady=True");
        return run;
    }

    private static string TagCall(string eventName, string secretId, JsonObject parameters)
    {
        var body = JsonNode.Parse(SqsEventsHarness.ApiCall(eventName, secretId))!.AsObject();
        var request = body["detail"]!["requestParameters"]!.AsObject();
        foreach (var (k, v) in parameters.ToList())
        {
            parameters.Remove(k);
            request[k] = v;
        }
        return body.ToJsonString();
    }

    private static JsonArray Tags(string key, string value) => new(new JsonObject { ["key"] = key, ["value"] = value });

    [Fact]
    public async Task Aws_tag_calls_bring_a_newly_tagged_secret_into_a_tags_only_find_and_take_an_untagged_one_out()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret("pay-a", "a1");
        h.SecretsManager.ReplaceTags("pay-a", Payments);
        h.SecretsManager.PutSecret("pay-new", "n1");
        h.SecretsManager.PutSecret("ops-key", "o1");
        await using var run = await WatchFindAsync(h.Cluster, "aws", () => h.EventsStatus() == "True");
        var lists = h.SecretsManager.CallCount("ListSecrets");
        var deleted = h.Sqs.Deleted;

        // tags no find asks for: no provider read
        h.SecretsManager.TagSecret("ops-key", new Dictionary<string, string> { ["team"] = "ops" });
        h.Sqs.SendMessage(SqsEventsHarness.Queue, TagCall("TagResource", "ops-key", new JsonObject { ["tags"] = Tags("team", "ops") }));
        h.Sqs.SendMessage(SqsEventsHarness.Queue, TagCall("TagResource", "ops-key", new JsonObject { ["tags"] = Tags("owner", "payments") }));
        await Poll.UntilAsync(() => h.Sqs.Deleted == deleted + 2, "the events of tags nobody finds are deleted");
        Assert.Equal(lists, h.SecretsManager.CallCount("ListSecrets"));

        // newly tagged: joins at once
        h.SecretsManager.TagSecret("pay-new", Payments);
        h.Sqs.SendMessage(SqsEventsHarness.Queue, TagCall("TagResource", "pay-new", new JsonObject { ["tags"] = Tags("team", "payments") }));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "payments", "pay-new") == "n1", "the newly tagged secret joins");
        Assert.Equal(lists + 1, h.SecretsManager.CallCount("ListSecrets"));

        // untagged: leaves
        h.SecretsManager.ReplaceTags("pay-a", new Dictionary<string, string>());
        h.Sqs.SendMessage(SqsEventsHarness.Queue, TagCall("UntagResource", "pay-a", new JsonObject { ["tagKeys"] = new JsonArray("team") }));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "payments", "pay-a") is null, "the untagged secret leaves");
        Assert.Equal("n1", h.Cluster.Value("default", "payments", "pay-new"));
    }

    [Fact]
    public async Task An_aws_CreateSecret_with_the_finds_tags_joins_the_find_at_once()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret("pay-a", "a1");
        h.SecretsManager.ReplaceTags("pay-a", Payments);
        await using var run = await WatchFindAsync(h.Cluster, "aws", () => h.EventsStatus() == "True");

        h.SecretsManager.PutSecret("pay-created", "c1");
        h.SecretsManager.ReplaceTags("pay-created", Payments);
        h.Sqs.SendMessage(SqsEventsHarness.Queue, TagCall("CreateSecret", "ignored", new JsonObject
        {
            ["name"] = "pay-created", ["tags"] = Tags("team", "payments"),
        }));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "payments", "pay-created") == "c1", "the created secret joins");
        await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "the message is deleted");
    }

    [Fact]
    public async Task A_gcp_secret_update_whose_labels_now_match_brings_the_secret_into_a_tags_only_find()
    {
        var s = await PubSubChangeEventsTests.StartAsync();
        await using var _ = s;
        s.Gcp.AddVersion("pay-a", "a1", Payments);
        s.Gcp.AddVersion("pay-new", "n1");
        await using var run = await WatchFindAsync(s.Cluster, "gcp", () => s.Status() == "True");
        var lists = s.Gcp.CountCalls("list");

        // labels no find asks for: acknowledged, no provider read
        s.PubSub.Publish(PubSubChangeEventsTests.Subscription, s.Event("SECRET_UPDATE", key: "pay-new"), SecretJson(s, "pay-new", ("team", "ops")));
        await Poll.UntilAsync(() => s.PubSub.Count(PubSubChangeEventsTests.Subscription) == 0, "the update is acknowledged");
        Assert.Equal(lists, s.Gcp.CountCalls("list"));

        s.Gcp.AddVersion("pay-new", "n1", Payments);
        s.PubSub.Publish(PubSubChangeEventsTests.Subscription, s.Event("SECRET_UPDATE", key: "pay-new"), SecretJson(s, "pay-new", ("team", "payments")));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "payments", "pay-new") == "n1", "the relabelled secret joins");
        Assert.Equal(lists + 1, s.Gcp.CountCalls("list"));
    }

    /// <summary>The Secret JSON Secret Manager puts in a secret event's <c>data</c>.</summary>
    private static string SecretJson(PubSubChangeEventsTests.Setup s, string name, params (string Key, string Value)[] labels) => new JsonObject
    {
        ["name"] = $"projects/{FakeGcpSecretManagerServer.ProjectNumber}/secrets/{name}",
        ["replication"] = new JsonObject { ["automatic"] = new JsonObject() },
        ["createTime"] = "2026-11-25T18:00:00Z",
        ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        ["topics"] = new JsonArray(new JsonObject { ["name"] = $"projects/{s.Gcp.Project}/topics/secret-events" }),
        ["etag"] = "\"16f0a1b2c3d4e5\"",
    }.ToJsonString();
}
