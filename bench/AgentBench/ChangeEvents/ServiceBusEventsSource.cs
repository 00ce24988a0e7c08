using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Azure.ServiceBus;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>
/// <c>servicebus://</c>: the Key Vault fake holds each key (<c>bench-key-NNN</c>) as a JSON value (<c>password</c>,
/// <c>user</c>); a change sets a new version and sends Key Vault's <c>SecretNewVersionCreated</c> Event Grid event to the
/// queue the store's annotation names. The agent reaches the vault and its directory by name through a CONNECT proxy,
/// trusts both fakes' test CAs (<c>SSL_CERT_FILE</c>) and sends Service Bus requests to <c>AZURE_SERVICEBUS_ENDPOINT</c>.
/// </summary>
internal sealed class ServiceBusEventsSource(FakeAzureKeyVaultServer kv, FakeServiceBusServer bus, ConnectProxy proxy, string caFile) : IBenchEventSource
{
    private const string Queue = "kv-events";

    public static async Task<ServiceBusEventsSource> StartAsync(FakeKubeApiServer kube, int keys, string work)
    {
        var kv = await FakeAzureKeyVaultServer.StartAsync();
        var bus = await FakeServiceBusServer.StartAsync();
        kv.AddClient("bench-client", "bench-client-secret");
        bus.CreateQueue(Queue);
        bus.TrustedIssuer = kv.TokenAudience;
        var caFile = Path.Combine(work, "test-cas.pem");
        await File.WriteAllTextAsync(caFile, kv.Authority.Certificate.ExportCertificatePem() + "\n" + bus.Authority.Certificate.ExportCertificatePem() + "\n");
#pragma warning disable CA2000 // owned by the returned source
        var source = new ServiceBusEventsSource(kv, bus, ConnectProxy.Start(new Uri(kv.VaultUrl).Port), caFile);
#pragma warning restore CA2000
        for (var k = 0; k < keys; k++) source.Put(k, "made-up-password-" + k.ToString(CultureInfo.InvariantCulture));
        kube.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Program.Namespace } });
        kube.Create(FakeResourceType.Secret, Program.Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "azure-sp", ["namespace"] = Program.Namespace },
            ["data"] = new JsonObject
            {
                ["clientId"] = Convert.ToBase64String("bench-client"u8), ["clientSecret"] = Convert.ToBase64String("bench-client-secret"u8),
            },
        });
        kube.Create(FakeResourceType.SecretStore, Program.Namespace,
            FakeServiceBusServer.KeyVaultStore(Program.Namespace, kv.VaultUrl, kv.TenantId, $"servicebus://{FakeServiceBusServer.NamespaceName}/{Queue}"));
        return source;
    }

    public string Store => "azure";

    public IReadOnlyDictionary<string, string> AgentEnvironment => new Dictionary<string, string>
    {
        ["AZURE_AUTHORITY_HOST"] = kv.AuthorityHost,
        ["AZURE_SERVICEBUS_ENDPOINT"] = $"https://127.0.0.1:{bus.BaseAddress.Port}/",
        ["HTTPS_PROXY"] = proxy.Address, ["https_proxy"] = proxy.Address,
        ["NO_PROXY"] = "127.0.0.1", ["no_proxy"] = "127.0.0.1",
        ["SSL_CERT_FILE"] = caFile,
    };

    public int Reads => kv.CountCalls("getSecret");

    public int Calls => kv.TotalCalls;

    public string KeyName(int key) => BenchKeys.Flat(key);

    public IReadOnlyList<int> ReadKeys() => [.. kv.Calls.Where(c => c.Operation == "getSecret").Select(c => BenchKeys.Index(c.Name))];

    public DateTime? FirstReadAfter(int key, DateTime since) => kv.Requests
        .Where(r => r.Method == "GET" && r.ReceivedAt >= since && !r.PathAndQuery.Contains("/versions?", StringComparison.Ordinal)
            && (r.PathAndQuery.StartsWith($"/secrets/{KeyName(key)}/", StringComparison.Ordinal) || r.PathAndQuery.StartsWith($"/secrets/{KeyName(key)}?", StringComparison.Ordinal)))
        .Select(r => (DateTime?)r.ReceivedAt).Min();

    public bool Subscribed(FakeKubeApiServer kube) => StoreConditions.Ready(kube, Store);

    public void Change(int key, string password)
    {
        Put(key, password);
        bus.Send(Queue, KeyVaultEventGrid.SecretEvent("secretskit", KeyName(key)));
    }

    private void Put(int key, string password) => kv.SetSecret(KeyName(key), new JsonObject
    {
        ["password"] = password,
        ["user"] = "svc-" + key.ToString(CultureInfo.InvariantCulture),
    }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        await proxy.DisposeAsync();
        await bus.DisposeAsync();
        await kv.DisposeAsync();
    }
}
