using SecretsKit.Agent.ChangeEvents.Sqs;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// AWS Secrets Manager change events through SQS, end to end: the agent's watches and workers against the Kubernetes API
/// fake (the chart's CRDs), the store's credentials, the Secrets Manager and SQS wire fakes. Every ExternalSecret refreshes
/// hourly, so only an event can bring a new value within the test.
/// </summary>
public sealed class SqsChangeEventsTests
{
    private const string Key = "app/password";

    private static async Task<(SqsEventsHarness H, IAsyncDisposable Run)> SyncedAsync(params string[] externalSecrets)
    {
        var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret(Key, "v1");
        foreach (var name in externalSecrets) h.ExternalSecret(name, Key);
        var run = await h.Cluster.WatchAsync();
        await Poll.UntilAsync(() => externalSecrets.All(n => h.Cluster.Value("default", n, "value") == "v1"), "the ExternalSecrets synced v1");
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True");
        return (h, run);
    }

    [Fact]
    public async Task A_put_secret_value_event_brings_the_new_value_to_every_reader_with_one_provider_read_and_the_message_is_deleted()
    {
        var (h, run) = await SyncedAsync("first", "second", "third");
        await using var _ = h;
        await using var __ = run;
        Assert.Contains("} 1", h.UpMetric(), StringComparison.Ordinal);
        var reads = h.SecretsManager.CallCount("GetSecretValue");

        h.SecretsManager.PutSecret(Key, "v2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", Key));

        await Poll.UntilAsync(() => new[] { "first", "second", "third" }.All(n => h.Cluster.Value("default", n, "value") == "v2"), "every reader has v2");
        await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "the message is deleted");
        Assert.Equal(reads + 1, h.SecretsManager.CallCount("GetSecretValue"));
    }

    [Fact]
    public async Task An_event_naming_the_secret_by_arn_refreshes_readers_that_name_it_by_name()
    {
        var (h, run) = await SyncedAsync("by-name");
        await using var _ = h;
        await using var __ = run;
        var arn = h.SecretsManager.ArnOf(Key);

        h.SecretsManager.PutSecret(Key, "v2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("RotateSecret", arn, arn: arn));

        await Poll.UntilAsync(() => h.Cluster.Value("default", "by-name", "value") == "v2", "the reader has v2");
    }

    [Fact]
    public async Task Unrelated_foreign_and_hostile_events_cost_no_provider_read_are_deleted_and_the_agent_keeps_going()
    {
        var (h, run) = await SyncedAsync("reader");
        await using var _ = h;
        await using var __ = run;
        var reads = h.SecretsManager.CallCount("GetSecretValue");
        var deleted = h.Sqs.Deleted;
        string[] bodies =
        [
            SqsEventsHarness.ApiCall("PutSecretValue", "nobody/reads/this"),
            SqsEventsHarness.ApiCall("PutSecretValue", Key, account: "210987654321"),
            SqsEventsHarness.ApiCall("PutSecretValue", Key, region: "us-east-1"),
            SqsEventsHarness.ApiCall("PutSecretValue", $"arn:aws:secretsmanager:{SqsEventsHarness.Region}:210987654321:secret:{Key}-AbCdEf"),
            SqsEventsHarness.ApiCall("PutSecretValue", $"arn:aws:s3:::{Key}"),
            SqsEventsHarness.ApiCall("PutSecretValue", "../../etc/passwd"),
            SqsEventsHarness.ApiCall("GetSecretValue", Key),
            new string('[', 5000) + new string(']', 5000),
            "{\"account\":\"" + new string('x', SecretsManagerEvents.MaxBody) + "\"}",
            "not json at all",
        ];
        foreach (var body in bodies) h.Sqs.SendMessage(SqsEventsHarness.Queue, body);

        await Poll.UntilAsync(() => h.Sqs.Deleted == deleted + bodies.Length, "every message is deleted");
        Assert.Equal(0, h.Sqs.Count(SqsEventsHarness.Queue));
        Assert.Equal(reads, h.SecretsManager.CallCount("GetSecretValue"));
        Assert.Equal("v1", h.Cluster.Value("default", "reader", "value"));

        // still subscribed: a real change goes through
        h.SecretsManager.PutSecret(Key, "v2");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("UpdateSecret", Key));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "reader", "value") == "v2", "the reader has v2");
        Assert.Equal("True", h.EventsStatus());
    }

    [Fact]
    public async Task A_lost_queue_shows_ChangeEventsReady_False_and_metric_0_the_timer_still_refreshes_and_the_subscription_recovers()
    {
        var (h, run) = await SyncedAsync("reader");
        await using var _ = h;
        await using var __ = run;

        h.Sqs.DeleteQueue(SqsEventsHarness.Queue);
        await Poll.UntilAsync(() => h.EventsStatus() == "False", "ChangeEventsReady=False");
        Assert.Equal("SubscriptionFailed", h.EventsCondition()!["reason"]!.GetValue<string>());
        Assert.Contains("does not exist", h.EventsCondition()!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("} 0", h.UpMetric(), StringComparison.Ordinal);
        Assert.Equal("True", h.Cluster.ReadyStatus("default", "reader"));

        // the timer is the safety net: an hour later the value is read anyway
        h.SecretsManager.PutSecret(Key, "v2");
        h.Cluster.Time.Advance(TimeSpan.FromHours(1.1));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "reader", "value") == "v2", "the timer refreshed the reader");

        h.Sqs.CreateQueue(SqsEventsHarness.Queue);
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True again");
        await Poll.UntilAsync(() => h.UpMetric()?.EndsWith("} 1", StringComparison.Ordinal) == true, "the metric is 1 again");
        h.SecretsManager.PutSecret(Key, "v3");
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", Key));
        await Poll.UntilAsync(() => h.Cluster.Value("default", "reader", "value") == "v3", "an event works again");
    }

    [Fact]
    public async Task A_single_pass_as_once_runs_it_syncs_from_the_provider_and_subscribes_to_nothing_leaving_messages_queued()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret(Key, "v1");
        h.ExternalSecret("reader", Key);
        h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", Key));

        await h.Cluster.PassAsync();

        Assert.Equal("v1", h.Cluster.Value("default", "reader", "value"));
        Assert.Equal(0, h.Sqs.CallCount("ReceiveMessage"));
        Assert.Equal(1, h.Sqs.Count(SqsEventsHarness.Queue));
        Assert.Null(h.Cluster.Controller.ChangeEvents.SubscriptionOf("default", "aws"));
        Assert.Null(h.EventsCondition());
    }

    [Theory]
    [InlineData("sqs://evil.example.com/123456789012/secret-events", "expected sqs://")]
    [InlineData("sqs://sqs.us-east-1.amazonaws.com/123456789012/secret-events", "only the store's own region")]
    [InlineData("pigeon://coop", "unknown event source")]
    public async Task An_unusable_annotation_shows_InvalidChangeEvents_and_subscribes_to_nothing(string annotation, string message)
    {
        await using var h = await SqsEventsHarness.StartAsync(annotation);
        h.SecretsManager.PutSecret(Key, "v1");
        h.ExternalSecret("reader", Key);
        await using var run = await h.Cluster.WatchAsync();

        await Poll.UntilAsync(() => h.EventsStatus() == "False", "ChangeEventsReady=False");
        Assert.Equal("InvalidChangeEvents", h.EventsCondition()!["reason"]!.GetValue<string>());
        Assert.Contains(message, h.EventsCondition()!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await Poll.UntilAsync(() => h.Cluster.Value("default", "reader", "value") == "v1", "the store still serves reads");
        Assert.Equal(0, h.Sqs.TotalCalls);
        Assert.Contains("} 0", h.UpMetric(), StringComparison.Ordinal);
    }
}
