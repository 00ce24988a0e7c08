using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// Change events for the readers that name no key in <c>data</c>: ExternalSecrets with <c>dataFrom[].find</c> (an event
/// for a key the find may return fetches the find anew, once for all of them) and PushSecrets (an event for a remote key
/// one writes, someone else's overwrite, pushes again per its <c>updatePolicy</c>). End to end through the Kubernetes API
/// fake and the Secrets Manager and SQS wire fakes; everything refreshes hourly, so only an event can act within the test.
/// </summary>
public sealed class SqsFindAndPushChangeEventsTests
{
    private static JsonObject FindSpec(string regexp) => new()
    {
        ["refreshInterval"] = "1h",
        ["secretStoreRef"] = new JsonObject { ["name"] = "aws", ["kind"] = "SecretStore" },
        ["target"] = new JsonObject { ["name"] = "found" },
        ["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = regexp } } }),
    };

    [Fact]
    public async Task An_event_for_a_key_a_find_matches_refreshes_every_find_reader_with_one_find_and_an_unmatched_key_costs_nothing()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret("app-password", "v1");
        h.SecretsManager.PutSecret("app-user", "alice");
        h.SecretsManager.PutSecret("billing-token", "b1");
        var first = FindSpec("^app-");
        var second = FindSpec("^app-");
        second["target"] = new JsonObject { ["name"] = "found-too" };
        h.Cluster.ExternalSecret("default", "first", first);
        h.Cluster.ExternalSecret("default", "second", second);
        await using var run = await h.Cluster.WatchAsync();
        await Poll.UntilAsync(() => h.Cluster.Value("default", "found", "app-password") == "v1" && h.Cluster.Value("default", "found-too", "app-password") == "v1",
            "both find readers synced");
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True");
        var lists = h.SecretsManager.CallCount("ListSecrets");
        var deleted = h.Sqs.Deleted;

        h.SecretsManager.PutSecret("billing-token", "b2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "billing-token"));
        await Poll.UntilAsync(() => h.Sqs.Deleted == deleted + 1, "the unmatched event is deleted");
        Assert.Equal(lists, h.SecretsManager.CallCount("ListSecrets"));

        h.SecretsManager.PutSecret("app-password", "v2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "app-password"));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "found", "app-password") == "v2" && h.Cluster.Value("default", "found-too", "app-password") == "v2",
            "both find readers have v2");
        await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "the message is deleted");
        Assert.Equal(lists + 1, h.SecretsManager.CallCount("ListSecrets"));
        Assert.Equal("alice", h.Cluster.Value("default", "found", "app-user"));
    }

    [Fact]
    public async Task An_overwrite_of_a_pushed_remote_key_is_pushed_back_at_once_IfNotExists_leaves_it_and_the_own_write_back_does_not_loop()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.Cluster.Secret("default", "source", new Dictionary<string, string> { ["token"] = "pushed" });
        h.Cluster.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("replace", "prod/token", updatePolicy: null));
        h.Cluster.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("once", "prod/seeded", updatePolicy: "IfNotExists"));
        await using var run = await h.Cluster.WatchAsync();
        await Poll.UntilAsync(() => h.SecretsManager.Current("prod/token") == "pushed" && h.SecretsManager.Current("prod/seeded") == "pushed", "both were pushed");
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True");

        h.SecretsManager.PutSecret("prod/token", "overwritten");
        h.SecretsManager.PutSecret("prod/seeded", "edited");
        var deleted = h.Sqs.Deleted;
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "prod/token"));
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "prod/seeded"));

        await Poll.UntilAsync(() => h.SecretsManager.Current("prod/token") == "pushed", "the overwrite is pushed back");
        await Poll.UntilAsync(() => h.Sqs.Deleted == deleted + 2, "both messages are deleted");
        Assert.Equal("edited", h.SecretsManager.Current("prod/seeded"));

        // the event of the agent's own write-back: one read, no write (the value is already the Secret's), so no loop
        var puts = h.SecretsManager.CallCount("PutSecretValue");
        var reads = h.SecretsManager.CallCount("GetSecretValue");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "prod/token"));
        await Poll.UntilAsync(() => h.SecretsManager.CallCount("GetSecretValue") > reads, "the push is checked again");
        await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "the message is deleted");
        Assert.Equal(puts, h.SecretsManager.CallCount("PutSecretValue"));
    }

    private static JsonObject PushSecret(string name, string remoteKey, string? updatePolicy)
    {
        var spec = new JsonObject
        {
            ["refreshInterval"] = "1h",
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = "aws", ["kind"] = "SecretStore" }),
            ["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } },
            ["data"] = new JsonArray(new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "token", ["remoteRef"] = new JsonObject { ["remoteKey"] = remoteKey } } }),
        };
        if (updatePolicy is not null) spec["updatePolicy"] = updatePolicy;
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1alpha1",
            ["kind"] = "PushSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }
}
