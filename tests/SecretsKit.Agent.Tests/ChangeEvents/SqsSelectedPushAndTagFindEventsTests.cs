using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Controllers.PushSecrets;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// Change events for readers whose remote keys only show once they ran: a PushSecret that picks its store by
/// <c>labelSelector</c> and its remote keys by <c>dataTo</c> (indexed from what its status says it pushed), and an
/// ExternalSecret whose <c>dataFrom[].find</c> selects by tags alone (indexed by the keys its last find returned). End to
/// end through the Kubernetes API fake and the Secrets Manager and SQS wire fakes; everything refreshes hourly.
/// </summary>
public sealed class SqsSelectedPushAndTagFindEventsTests
{
    private const string Store = "SecretStore/default/aws";

    [Fact]
    public async Task An_overwrite_of_a_key_pushed_through_a_label_selected_store_and_dataTo_is_pushed_back_and_no_other_pushsecret_runs()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        PushSecretYaml.LabelStore(h.Cluster, "aws", new Dictionary<string, string> { ["push"] = "yes" });
        h.Cluster.Secret("default", "source", new Dictionary<string, string> { ["app-token"] = "pushed", ["other-token"] = "other" });
        var selected = PushSecret("selected", new JsonObject
        {
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["kind"] = "SecretStore", ["labelSelector"] = PushLabel() }),
            ["dataTo"] = new JsonArray(new JsonObject { ["storeRef"] = new JsonObject { ["labelSelector"] = PushLabel() }, ["match"] = new JsonObject { ["regexp"] = "^app-" } }),
        });
        var named = PushSecret("named", new JsonObject
        {
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = "aws", ["kind"] = "SecretStore" }),
            ["data"] = new JsonArray(new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "other-token", ["remoteRef"] = new JsonObject { ["remoteKey"] = "other-token" } } }),
        });
        h.Cluster.Server.Create(FakeResourceType.PushSecret, "default", selected);
        h.Cluster.Server.Create(FakeResourceType.PushSecret, "default", named);
        await using var run = await h.Cluster.WatchAsync();
        await Poll.UntilAsync(() => h.SecretsManager.Current("app-token") == "pushed" && h.SecretsManager.Current("other-token") == "other", "both were pushed");
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True");
        // the selected PushSecret's remote key is known from its status once the watch delivered it
        await Poll.UntilAsync(() => h.Cluster.Controller.ChangeEvents.Readers.Of(Store, "app-token", h.Cluster.Controller.ChangeEvents.Changes).Count == 1,
            "the pushed key indexed");
        var otherCalls = CallsNaming(h, "other-token");

        h.SecretsManager.PutSecret("app-token", "overwritten");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "app-token"));

        await Poll.UntilAsync(() => h.SecretsManager.Current("app-token") == "pushed", "the overwrite is pushed back");
        await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "the message is deleted");
        Assert.Equal(otherCalls, CallsNaming(h, "other-token"));
    }

    [Fact]
    public async Task A_tags_only_find_runs_again_for_a_key_it_returned_and_not_for_other_changed_keys_of_its_store()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret("pay-a", "a1");
        h.SecretsManager.PutSecret("pay-b", "b1");
        h.SecretsManager.PutSecret("unrelated", "u1");
        h.SecretsManager.ReplaceTags("pay-a", new Dictionary<string, string> { ["team"] = "payments" });
        h.SecretsManager.ReplaceTags("pay-b", new Dictionary<string, string> { ["team"] = "payments" });
        h.Cluster.ExternalSecret("default", "payments", new JsonObject
        {
            ["refreshInterval"] = "1h",
            ["secretStoreRef"] = new JsonObject { ["name"] = "aws", ["kind"] = "SecretStore" },
            ["target"] = new JsonObject { ["name"] = "payments" },
            ["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["tags"] = new JsonObject { ["team"] = "payments" } } }),
        });
        await using var run = await h.Cluster.WatchAsync();
        await Poll.UntilAsync(() => h.Cluster.Value("default", "payments", "pay-a") == "a1" && h.Cluster.Value("default", "payments", "pay-b") == "b1", "the find synced");
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True");
        var lists = h.SecretsManager.CallCount("ListSecrets");
        var deleted = h.Sqs.Deleted;

        h.SecretsManager.PutSecret("unrelated", "u2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "unrelated"));
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("UpdateSecret", "unrelated"));
        await Poll.UntilAsync(() => h.Sqs.Deleted == deleted + 2, "the events of the untagged key are deleted");
        Assert.Equal(lists, h.SecretsManager.CallCount("ListSecrets"));

        h.SecretsManager.PutSecret("pay-a", "a2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", "pay-a"));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "payments", "pay-a") == "a2", "the find's new value");
        await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "the message is deleted");
        Assert.Equal(lists + 1, h.SecretsManager.CallCount("ListSecrets"));
        Assert.Equal("b1", h.Cluster.Value("default", "payments", "pay-b"));
    }

    private static JsonObject PushLabel() => new() { ["matchLabels"] = new JsonObject { ["push"] = "yes" } };

    private static JsonObject PushSecret(string name, JsonObject spec)
    {
        spec["refreshInterval"] = "1h";
        spec["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } };
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1alpha1",
            ["kind"] = "PushSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }

    /// <summary>Secrets Manager calls that name <paramref name="secretId"/> (reads, describes, writes).</summary>
    private static int CallsNaming(SqsEventsHarness h, string secretId) =>
        h.SecretsManager.Requests.Count(r => r.Body.Contains($"\"{secretId}\"", StringComparison.Ordinal));
}
