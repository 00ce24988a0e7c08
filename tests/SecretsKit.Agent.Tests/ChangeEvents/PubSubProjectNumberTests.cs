using SecretsKit.Agent.Model;

using SecretsKit.Testing.Gcp;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// Secret Manager's notifications name the store's project by number; the agent looks the number up with Resource
/// Manager (its wire fake), with the store's own credentials, once per store, and retries when it cannot.
/// </summary>
public sealed class PubSubProjectNumberTests
{
    private const string Subscription = PubSubChangeEventsTests.Subscription;
    private const string Number = FakeGcpSecretManagerServer.ProjectNumber;

    [Fact]
    public async Task An_event_naming_the_project_by_number_refreshes_the_secret_with_the_number_looked_up_once_without_projectNumber()
    {
        var (s, run) = await PubSubChangeEventsTests.SyncedAsync();
        await using var _ = s;
        await using var __ = run;
        var reads = s.Gcp.CountCalls("access");
        Assert.Equal(1, s.Projects.CallCount(FakeResourceManagerServer.Operation));

        s.Gcp.AddVersion(PubSubChangeEventsTests.Key, "v2");
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD", project: Number));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v2" && s.Cluster.Value("default", "second", "value") == "v2", "both readers have v2");
        Assert.Equal(reads + 1, s.Gcp.CountCalls("access"));

        // a new connection (the subscription lost and back) keeps the number: Resource Manager is not asked again
        s.PubSub.DeleteSubscription(Subscription);
        await Poll.UntilAsync(() => s.Status() == "False", "ChangeEventsReady=False");
        s.PubSub.CreateSubscription(Subscription);
        await Poll.UntilAsync(() => s.Status() == "True", "ChangeEventsReady=True again");
        s.Gcp.AddVersion(PubSubChangeEventsTests.Key, "v3");
        s.PubSub.Publish(Subscription, s.Event("SECRET_ROTATE", project: Number));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v3", "the second event by number");
        Assert.Equal(1, s.Projects.CallCount(FakeResourceManagerServer.Operation));
        Assert.Equal(("True", "Subscribed"), Reason(s));
    }

    [Fact]
    public async Task Without_resource_manager_access_events_match_by_id_the_condition_says_so_and_a_retry_finds_the_number_once_granted()
    {
        var (s, run) = await PubSubChangeEventsTests.SyncedAsync(numberReadable: false);
        await using var _ = s;
        await using var __ = run;
        await Poll.UntilAsync(() => Reason(s) == ("True", "SubscribedPartly"), "ChangeEventsReady says the number is unknown");
        var message = AnnotatedStores.Condition(s.Cluster, "default", "gcp")!.Value.Message;
        Assert.Contains($"the number of project {s.Gcp.Project} is not known", message, StringComparison.Ordinal);
        Assert.Contains("PERMISSION_DENIED", message, StringComparison.Ordinal);
        var reads = s.Gcp.CountCalls("access");

        // by number: dropped (and acknowledged) with no read; by ID: refreshed
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD", project: Number));
        await Poll.UntilAsync(() => s.PubSub.Count(Subscription) == 0, "the event by number is acknowledged");
        Assert.Equal(reads, s.Gcp.CountCalls("access"));
        s.Gcp.AddVersion(PubSubChangeEventsTests.Key, "v2");
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD"));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v2", "the event by ID");

        // retried with backoff: a few lookups, not one per pull
        var pulls = s.PubSub.Pulls;
        var lookups = s.Projects.CallCount(FakeResourceManagerServer.Operation);
        await Poll.UntilAsync(() => s.PubSub.Pulls >= pulls + 6, "six more pulls", TimeSpan.FromSeconds(60));
        Assert.InRange(s.Projects.CallCount(FakeResourceManagerServer.Operation) - lookups, 1, 4);

        s.Projects.Grant(s.Gcp.Project, true);
        await Poll.UntilAsync(() => Reason(s) == ("True", "Subscribed"), "the number found at a retry", TimeSpan.FromSeconds(60));
        s.Gcp.AddVersion(PubSubChangeEventsTests.Key, "v3");
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD", project: Number));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v3", "an event by number now refreshes");
    }

    [Fact]
    public async Task An_explicit_projectNumber_in_the_annotation_is_used_and_resource_manager_is_never_asked()
    {
        var (s, run) = await PubSubChangeEventsTests.SyncedAsync(query: "?projectNumber=" + Number, numberReadable: false);
        await using var _ = s;
        await using var __ = run;

        s.Gcp.AddVersion(PubSubChangeEventsTests.Key, "v2");
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD", project: Number));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v2", "the event by number");
        Assert.Equal(0, s.Projects.CallCount(FakeResourceManagerServer.Operation));
        Assert.Equal(("True", "Subscribed"), Reason(s));
    }

    private static (string Status, string Reason)? Reason(PubSubChangeEventsTests.Setup s) =>
        AnnotatedStores.Condition(s.Cluster, "default", "gcp") is { } c ? (c.Status, c.Reason) : null;
}
