using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sqs;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// The Secrets Manager and SQS fakes (eu-west-1, account 123456789012, both checking the store's SigV4 credentials) and an
/// <see cref="AgentCluster"/> with the SecretStore <c>default/aws</c> annotated with the queue <c>secret-events</c>.
/// </summary>
internal sealed class SqsEventsHarness : IAsyncDisposable
{
    public const string Queue = "secret-events";
    public const string Account = "123456789012";
    public const string Region = "eu-west-1";

    private SqsEventsHarness(FakeSecretsManagerServer sm, FakeSqsServer sqs, AgentCluster cluster) => (SecretsManager, Sqs, Cluster) = (sm, sqs, cluster);

    public FakeSecretsManagerServer SecretsManager { get; }

    public FakeSqsServer Sqs { get; }

    public AgentCluster Cluster { get; }

    public static async Task<SqsEventsHarness> StartAsync(string? annotation = null, AgentOptions? options = null)
    {
        var sm = await FakeSecretsManagerServer.StartAsync(Region);
        var sqs = await FakeSqsServer.StartAsync(Region, Account);
        sm.ExpectCredentials("AKIDAGENT", "agent-secret");
        sqs.ExpectCredentials("AKIDAGENT", "agent-secret");
        sqs.CreateQueue(Queue);
        var retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2), AttemptTimeout = TimeSpan.FromSeconds(10) };
        var cluster = await AgentCluster.StartAsync(AgentCluster.Watching(options ?? new AgentOptions()) with
        {
            ChangeEventsRetryInitial = TimeSpan.FromMilliseconds(50),
            ChangeEventsRetryMax = TimeSpan.FromMilliseconds(200),
        }, new ProviderOptions
        {
            Retry = retry,
            AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = sm.BaseAddress, ["SQS"] = sqs.BaseAddress },
        });
        cluster.Secret("default", "aws-credentials", new Dictionary<string, string> { ["id"] = "AKIDAGENT", ["secret"] = "agent-secret" });
        cluster.Server.Create(FakeResourceType.SecretStore, "default", FakeSqsServer.SecretsManagerStore("default", Region, annotation ?? $"sqs://sqs.{Region}.amazonaws.com/{Account}/{Queue}"));
        return new SqsEventsHarness(sm, sqs, cluster);
    }

    /// <summary>An ExternalSecret on the store reading <paramref name="key"/> into <c>value</c>, refreshed hourly (only an event refreshes it sooner).</summary>
    public void ExternalSecret(string name, string key) =>
        Cluster.ExternalSecret("default", name, AgentCluster.Spec("aws", refresh: "1h", data: [("value", key, null)]));

    /// <summary>The store's <c>ChangeEventsReady</c> condition, or null.</summary>
    public JsonObject? EventsCondition() =>
        Cluster.Server.TryGet(FakeResourceType.SecretStore, "default", "aws")?["status"]?["conditions"] is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "ChangeEventsReady")
            : null;

    public string? EventsStatus() => EventsCondition()?["status"]?.GetValue<string>();

    /// <summary>The <c>secretskit_change_events_up</c> line of the store, or null.</summary>
    public string? UpMetric() => Cluster.Metrics.Render().Split('\n').FirstOrDefault(l => l.StartsWith("secretskit_change_events_up{", StringComparison.Ordinal));

    /// <summary>An EventBridge event of a CloudTrail <paramref name="eventName"/> call on <paramref name="secretId"/>.</summary>
    public static string ApiCall(string eventName, string secretId, string account = Account, string region = Region, string? arn = null) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "AWS API Call via CloudTrail",
        ["source"] = "aws.secretsmanager",
        ["account"] = account,
        ["time"] = "2026-11-25T18:00:00Z",
        ["region"] = region,
        ["resources"] = new JsonArray(),
        ["detail"] = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["eventSource"] = "secretsmanager.amazonaws.com",
            ["eventName"] = eventName,
            ["awsRegion"] = region,
            ["requestParameters"] = new JsonObject { ["secretId"] = secretId },
            ["responseElements"] = arn is null ? null : new JsonObject { ["arn"] = arn },
        },
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Sqs.DisposeAsync();
        await SecretsManager.DisposeAsync();
    }
}
