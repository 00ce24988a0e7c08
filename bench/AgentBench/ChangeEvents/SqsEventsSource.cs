using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sqs;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>
/// <c>sqs://</c>: the Secrets Manager fake holds each key as a JSON string (<c>password</c>, <c>user</c>); a change is a
/// <c>PutSecretValue</c> on it and the EventBridge event of that CloudTrail call sent into the SQS queue the store's
/// annotation names, as an EventBridge rule targeting the queue delivers it. Both fakes check the store's SigV4 keys.
/// </summary>
internal sealed class SqsEventsSource(FakeSecretsManagerServer sm, FakeSqsServer sqs) : IBenchEventSource
{
    private const string Region = "eu-west-1";
    private const string Account = "123456789012";
    private const string Queue = "secret-events";

    public static async Task<SqsEventsSource> StartAsync(FakeKubeApiServer kube, int keys)
    {
        var sm = await FakeSecretsManagerServer.StartAsync(Region);
        var sqs = await FakeSqsServer.StartAsync(Region, Account);
        sm.ExpectCredentials("AKIDBENCH", "bench-secret");
        sqs.ExpectCredentials("AKIDBENCH", "bench-secret");
        sqs.CreateQueue(Queue);
        var source = new SqsEventsSource(sm, sqs);
        for (var k = 0; k < keys; k++) source.Put(k, "made-up-password-" + k.ToString(CultureInfo.InvariantCulture));
        kube.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Program.Namespace } });
        kube.Create(FakeResourceType.Secret, Program.Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "aws-credentials", ["namespace"] = Program.Namespace },
            ["data"] = new JsonObject { ["id"] = Convert.ToBase64String("AKIDBENCH"u8), ["secret"] = Convert.ToBase64String("bench-secret"u8) },
        });
        kube.Create(FakeResourceType.SecretStore, Program.Namespace, FakeSqsServer.SecretsManagerStore(Program.Namespace, Region, $"sqs://sqs.{Region}.amazonaws.com/{Account}/{Queue}"));
        return source;
    }

    public string Store => "aws";

    public IReadOnlyDictionary<string, string> AgentEnvironment => new Dictionary<string, string>
    {
        ["AWS_SECRETSMANAGER_ENDPOINT"] = sm.BaseAddress.ToString(),
        ["AWS_SQS_ENDPOINT"] = sqs.BaseAddress.ToString(),
    };

    public string KeyName(int key) => Program.KeyPath(key);

    public int Reads => sm.CallCount("GetSecretValue") + sm.CallCount("BatchGetSecretValue");

    public int Calls => sm.TotalCalls;

    public IReadOnlyList<int> ReadKeys() =>
        [.. sm.Requests.Where(r => r.Operation is "GetSecretValue" or "BatchGetSecretValue").Select(r => BenchKeys.Index(JsonNode.Parse(r.Body)?["SecretId"]?.GetValue<string>()))];

    /// <summary>Messages the agent deleted from the queue (handled events).</summary>
    public long Deleted => sqs.Deleted;

    public bool Subscribed(FakeKubeApiServer kube) => StoreConditions.Ready(kube, Store);

    public void Change(int key, string password)
    {
        Put(key, password);
        sqs.SendMessage(Queue, PutSecretValueEvent(Program.KeyPath(key)));
    }

    private void Put(int key, string password) => sm.PutSecret(Program.KeyPath(key), new JsonObject
    {
        ["password"] = password,
        ["user"] = "svc-" + key.ToString(CultureInfo.InvariantCulture),
    }.ToJsonString());

    /// <summary>What EventBridge delivers for a CloudTrail-recorded <c>PutSecretValue</c> (detail-type "AWS API Call via CloudTrail").</summary>
    private static string PutSecretValueEvent(string secretId) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "AWS API Call via CloudTrail",
        ["source"] = "aws.secretsmanager",
        ["account"] = Account,
        ["time"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["region"] = Region,
        ["resources"] = new JsonArray(),
        ["detail"] = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["eventSource"] = "secretsmanager.amazonaws.com",
            ["eventName"] = "PutSecretValue",
            ["awsRegion"] = Region,
            ["requestParameters"] = new JsonObject { ["secretId"] = secretId },
        },
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await sqs.DisposeAsync();
        await sm.DisposeAsync();
    }
}
