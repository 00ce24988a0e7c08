using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.ResourceManager;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Gcp.PubSub;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// GCP Secret Manager event notifications through a Pub/Sub subscription, end to end against the Kubernetes API fake and
/// the Secret Manager and Pub/Sub wire fakes (one service account: Pub/Sub trusts the tokens Secret Manager's token
/// endpoint issued). ExternalSecrets refresh hourly, so only an event brings a new value within the test.
/// </summary>
public sealed class PubSubChangeEventsTests
{
    internal const string Subscription = "projects/events-project/subscriptions/secret-events";
    internal const string Key = "api-token";

    internal sealed record Setup(FakeGcpSecretManagerServer Gcp, FakePubSubServer PubSub, FakeResourceManagerServer Projects, AgentCluster Cluster) : IAsyncDisposable
    {
        public string? Status() =>
            (Cluster.Server.TryGet(FakeResourceType.SecretStore, "default", "gcp")?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == "ChangeEventsReady")?["status"]?.GetValue<string>();

        public string? UpMetric() => Cluster.Metrics.Render().Split('\n').FirstOrDefault(l => l.StartsWith("secretskit_change_events_up{", StringComparison.Ordinal));

        public Dictionary<string, string> Event(string type, string? project = null, string key = Key) => new()
        {
            ["eventType"] = type, ["secretId"] = $"projects/{project ?? Gcp.Project}/secrets/{key}", ["dataFormat"] = "JSON_API_V1",
        };

        public async ValueTask DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await PubSub.DisposeAsync();
            await Projects.DisposeAsync();
            await Gcp.DisposeAsync();
        }
    }

    internal static async Task<(Setup S, IAsyncDisposable Run)> SyncedAsync(TimeSpan? serverPullWait = null, TimeSpan? attemptTimeout = null,
        string query = "", bool numberReadable = true)
    {
        var s = await StartAsync(serverPullWait, attemptTimeout, query, numberReadable);
        s.Cluster.ExternalSecret("default", "first", AgentCluster.Spec("gcp", refresh: "1h", data: [("value", Key, null)]));
        s.Cluster.ExternalSecret("default", "second", AgentCluster.Spec("gcp", refresh: "1h", data: [("value", Key, null)]));
        var c = s.Cluster;
        var run = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "first", "value") == "v1" && c.Value("default", "second", "value") == "v1", "synced v1");
        await Poll.UntilAsync(() => s.Status() == "True", "ChangeEventsReady=True");
        return (s, run);
    }

    /// <summary>
    /// The fakes, a gcpsm store <c>default/gcp</c> annotated with the subscription (and <paramref name="query"/>), and
    /// <see cref="Key"/> at v1; Resource Manager knows the project's number, readable by the store when
    /// <paramref name="numberReadable"/>; no controller running.
    /// </summary>
    internal static async Task<Setup> StartAsync(TimeSpan? serverPullWait = null, TimeSpan? attemptTimeout = null, string query = "", bool numberReadable = true)
    {
        var gcp = await FakeGcpSecretManagerServer.StartAsync();
        var projects = await FakeResourceManagerServer.StartAsync();
        projects.TrustTokensOf(gcp);
        projects.AddProject(gcp.Project, FakeGcpSecretManagerServer.ProjectNumber, numberReadable);
        var pubsub = await FakePubSubServer.StartAsync();
        pubsub.TrustTokensOf(gcp);
        pubsub.PullWait = serverPullWait ?? TimeSpan.FromSeconds(2);
        pubsub.CreateSubscription(Subscription);
        var c = await AgentCluster.StartAsync(AgentCluster.Watching() with
        {
            ChangeEventsRetryInitial = TimeSpan.FromMilliseconds(50), ChangeEventsRetryMax = TimeSpan.FromMilliseconds(200),
        }, new ProviderOptions
        {
            Retry = new()
            {
                MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
                AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(30),
            },
            AwsEndpoints = new Dictionary<string, Uri>
            {
                ["gcpsm"] = gcp.BaseAddress, ["pubsub"] = pubsub.BaseAddress, [GcpProjectNumbers.EndpointKey] = projects.BaseAddress,
            },
            Gcp = new GcpEndpoints { OAuth2Token = gcp.TokenUri },
        });
        c.Secret("default", "gcp-sa", new Dictionary<string, string> { ["key.json"] = gcp.CreateServiceAccount() });
        c.Server.Create(FakeResourceType.SecretStore, "default", FakePubSubServer.SecretManagerStore("default", gcp.Project, "pubsub://" + Subscription + query));
        gcp.AddVersion(Key, "v1");
        return new Setup(gcp, pubsub, projects, c);
    }

    [Fact]
    public async Task A_secret_version_add_event_brings_the_new_value_to_every_reader_with_one_read_and_is_acknowledged()
    {
        var (s, run) = await SyncedAsync();
        await using var _ = s;
        await using var __ = run;
        var reads = s.Gcp.CountCalls("access");

        s.Gcp.AddVersion(Key, "v2");
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD"));

        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v2" && s.Cluster.Value("default", "second", "value") == "v2", "both readers have v2");
        await Poll.UntilAsync(() => s.PubSub.Count(Subscription) == 0, "the message is acknowledged");
        Assert.Equal(reads + 1, s.Gcp.CountCalls("access"));
    }

    [Fact]
    public async Task Test_other_project_and_malformed_events_cost_no_read_and_are_acknowledged()
    {
        var (s, run) = await SyncedAsync();
        await using var _ = s;
        await using var __ = run;
        var reads = s.Gcp.CountCalls("access");

        s.PubSub.Publish(Subscription, new Dictionary<string, string> { ["eventType"] = "TOPIC_CONFIGURED" });
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD", project: "someone-else"));
        s.PubSub.Publish(Subscription, new Dictionary<string, string> { ["eventType"] = "SECRET_UPDATE", ["secretId"] = "projects/x/secrets/../../etc" });
        s.PubSub.Publish(Subscription, new Dictionary<string, string> { ["eventType"] = "SECRET_UPDATE", ["secretId"] = $"projects/{s.Gcp.Project}/secrets/nobody-reads-this" });
        s.PubSub.Publish(Subscription, new Dictionary<string, string> { ["eventType"] = "SECRET_UPDATE" });

        await Poll.UntilAsync(() => s.PubSub.Acknowledged == 5 && s.PubSub.Count(Subscription) == 0, "every message is acknowledged");
        Assert.Equal(reads, s.Gcp.CountCalls("access"));
        Assert.Equal("v1", s.Cluster.Value("default", "first", "value"));
    }

    [Fact]
    public async Task A_lost_subscription_shows_ChangeEventsReady_False_and_metric_0_and_recovers()
    {
        var (s, run) = await SyncedAsync();
        await using var _ = s;
        await using var __ = run;

        s.PubSub.DeleteSubscription(Subscription);
        await Poll.UntilAsync(() => s.Status() == "False", "ChangeEventsReady=False");
        Assert.EndsWith("} 0", s.UpMetric(), StringComparison.Ordinal);

        s.PubSub.CreateSubscription(Subscription);
        await Poll.UntilAsync(() => s.Status() == "True", "ChangeEventsReady=True again");
        await Poll.UntilAsync(() => s.UpMetric()?.EndsWith("} 1", StringComparison.Ordinal) == true, "the metric is 1 again");
        s.Gcp.AddVersion(Key, "v3");
        s.PubSub.Publish(Subscription, s.Event("SECRET_ROTATE"));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v3", "an event works again");
    }

    [Fact]
    public async Task A_server_that_holds_a_pull_longer_than_an_http_attempt_never_fails_the_subscription_and_events_still_arrive()
    {
        // Pub/Sub's pull has no wait of its own: the agent ends it 5 s inside the attempt timeout (here 7 s: pulls of 2 s)
        var (s, run) = await SyncedAsync(serverPullWait: TimeSpan.FromMinutes(10), attemptTimeout: TimeSpan.FromSeconds(7));
        await using var _ = s;
        await using var __ = run;
        var subscription = s.Cluster.Controller.ChangeEvents.SubscriptionOf("default", "gcp")!;
        var pulls = s.PubSub.Pulls;

        await Poll.UntilAsync(() => s.PubSub.Pulls >= pulls + 5, "five more pulls, longer than one attempt in all", TimeSpan.FromSeconds(60));
        Assert.Equal(0, subscription.Failures);
        Assert.Equal("True", s.Status());

        s.Gcp.AddVersion(Key, "v2");
        s.PubSub.Publish(Subscription, s.Event("SECRET_VERSION_ADD"));
        await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v2", "the event arrives");
        Assert.Equal(0, subscription.Failures);
    }
}
