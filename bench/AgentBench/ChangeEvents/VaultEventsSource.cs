using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>
/// <c>vault-events</c>: the Vault fake's KV v2 keys and its event WebSocket; a KV write publishes the fake's own
/// <c>kv-v2/data-write</c> event, as Vault does, so <see cref="Change"/> is the write alone.
/// </summary>
internal sealed class VaultEventsSource(FakeVaultServer vault) : IBenchEventSource
{
    public static async Task<VaultEventsSource> StartAsync(FakeKubeApiServer kube, int keys)
    {
        var vault = await Program.VaultWithKeysAsync(keys);
        Program.Setup(kube, vault, new JsonObject { ["secretskit.io/change-events"] = "vault-events" });
        return new VaultEventsSource(vault);
    }

    public string Store => "vault";

    public IReadOnlyDictionary<string, string> AgentEnvironment { get; } = new Dictionary<string, string>();

    public string KeyName(int key) => Program.KeyPath(key);

    public int Reads => vault.CallCount("kv-read");

    public int Calls => vault.TotalCalls;

    public IReadOnlyList<int> ReadKeys() =>
        [.. vault.Requests.Where(r => r.Operation == "kv-read").Select(r => BenchKeys.Index(r.PathAndQuery.Split('?')[0].Split("/data/")[^1]))];

    public bool Subscribed(FakeKubeApiServer kube) => vault.EventSubscriberCount >= 1 && StoreConditions.Ready(kube, Store);

    public void Change(int key, string password) => vault.Kv2Put("secret", Program.KeyPath(key), new Dictionary<string, string>
    {
        ["password"] = password,
        ["user"] = "svc-" + key.ToString(CultureInfo.InvariantCulture),
    });

    public ValueTask DisposeAsync() => vault.DisposeAsync();
}
