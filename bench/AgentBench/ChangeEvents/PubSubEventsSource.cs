using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Gcp.PubSub;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>
/// <c>pubsub://</c>: the Secret Manager fake holds each key (<c>bench-key-NNN</c>, Secret Manager allows no <c>/</c>) as a
/// JSON payload (<c>password</c>, <c>user</c>); a change adds a version and publishes Secret Manager's
/// <c>SECRET_VERSION_ADD</c> notification to the subscription the store's annotation names. Pub/Sub accepts the tokens
/// of the store's service account, which Secret Manager's token endpoint issued. The agent reaches both fakes through
/// gcloud's endpoint variables. Notifications name the project by number, as Secret Manager's do: the agent looks it up
/// once in the Resource Manager fake.
/// </summary>
internal sealed class PubSubEventsSource(FakeGcpSecretManagerServer gcp, FakePubSubServer pubsub, FakeResourceManagerServer projects) : IBenchEventSource
{
    private const string Subscription = "projects/bench-project/subscriptions/secret-events";

    public static async Task<PubSubEventsSource> StartAsync(FakeKubeApiServer kube, int keys)
    {
        var gcp = await FakeGcpSecretManagerServer.StartAsync();
        var pubsub = await FakePubSubServer.StartAsync();
        pubsub.TrustTokensOf(gcp);
        var projects = await FakeResourceManagerServer.StartAsync();
        projects.TrustTokensOf(gcp);
        projects.AddProject(gcp.Project, FakeGcpSecretManagerServer.ProjectNumber);
        pubsub.CreateSubscription(Subscription);
        var source = new PubSubEventsSource(gcp, pubsub, projects);
        for (var k = 0; k < keys; k++) source.Put(k, "made-up-password-" + k.ToString(CultureInfo.InvariantCulture));
        kube.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Program.Namespace } });
        kube.Create(FakeResourceType.Secret, Program.Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "gcp-sa", ["namespace"] = Program.Namespace },
            ["data"] = new JsonObject { ["key.json"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(gcp.CreateServiceAccount())) },
        });
        kube.Create(FakeResourceType.SecretStore, Program.Namespace, FakePubSubServer.SecretManagerStore(Program.Namespace, gcp.Project, "pubsub://" + Subscription));
        return source;
    }

    public string Store => "gcp";

    public IReadOnlyDictionary<string, string> AgentEnvironment => new Dictionary<string, string>
    {
        ["CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER"] = gcp.BaseAddress.ToString(),
        ["CLOUDSDK_AUTH_TOKEN_HOST"] = gcp.TokenUri.ToString(), // the only token_uri a store's JSON key may name
        ["CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB"] = pubsub.BaseAddress.ToString(),
        ["CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER"] = projects.BaseAddress.ToString(),
    };

    public int Reads => gcp.CountCalls("access");

    public int Calls => gcp.TotalCalls;

    public string KeyName(int key) => BenchKeys.Flat(key);

    public IReadOnlyList<int> ReadKeys() => [.. gcp.Calls.Where(c => c.Operation == "access").Select(c => BenchKeys.Index(c.SecretId))];

    public DateTime? FirstReadAfter(int key, DateTime since) => gcp.Requests
        .Where(r => r.PathAndQuery.EndsWith(":access", StringComparison.Ordinal) && r.ReceivedAt >= since && r.PathAndQuery.Contains($"/secrets/{KeyName(key)}/", StringComparison.Ordinal))
        .Select(r => (DateTime?)r.ReceivedAt).Min();

    public bool Subscribed(FakeKubeApiServer kube) => StoreConditions.Ready(kube, Store);

    public void Change(int key, string password)
    {
        Put(key, password);
        pubsub.Publish(Subscription, new Dictionary<string, string>
        {
            ["eventType"] = "SECRET_VERSION_ADD", ["secretId"] = $"projects/{FakeGcpSecretManagerServer.ProjectNumber}/secrets/{KeyName(key)}", ["dataFormat"] = "JSON_API_V1",
        });
    }

    private void Put(int key, string password) => gcp.AddVersion(KeyName(key), new JsonObject
    {
        ["password"] = password,
        ["user"] = "svc-" + key.ToString(CultureInfo.InvariantCulture),
    }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        await pubsub.DisposeAsync();
        await projects.DisposeAsync();
        await gcp.DisposeAsync();
    }
}
