using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Fake;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests;

/// <summary>A fake API server plus an agent controller talking to it over loopback, with a manual clock.</summary>
internal sealed class AgentCluster : IAsyncDisposable
{
    private AgentCluster(FakeKubeApiServer server, KubernetesClient client, ManualTimeProvider time, AgentController controller,
        ProviderFactory providers, AgentMetrics metrics)
    {
        Server = server;
        Client = client;
        Time = time;
        Controller = controller;
        Providers = providers;
        Metrics = metrics;
    }

    public FakeKubeApiServer Server { get; }
    public KubernetesClient Client { get; }
    public ManualTimeProvider Time { get; }
    public AgentController Controller { get; }
    public ProviderFactory Providers { get; }
    public AgentMetrics Metrics { get; }

    public static async Task<AgentCluster> StartAsync(AgentOptions? options = null, ProviderOptions? providerOptions = null)
    {
        var time = new ManualTimeProvider();
        var server = await FakeKubeApiServer.StartAsync(time: time);
        // served as a real cluster with the chart's CRDs would: their versions only, writes pruned to their schemas
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        var client = new KubernetesClient(new KubernetesClientConfiguration { Server = server.BaseAddress });
        var providers = new ProviderFactory(client, (providerOptions ?? new ProviderOptions()) with { Time = time });
        var metrics = new AgentMetrics(time);
        var controller = new AgentController(client, options ?? new AgentOptions(), providers, metrics, time);
        return new AgentCluster(server, client, time, controller, providers, metrics);
    }

    public Task PassAsync() => Controller.RunPassAsync(CancellationToken.None);

    /// <summary>Options for watch-driven tests: the timer loop re-reads the manual clock every 20 ms.</summary>
    public static AgentOptions Watching(AgentOptions? options = null) =>
        (options ?? new AgentOptions()) with { SchedulerResolution = TimeSpan.FromMilliseconds(20) };

    /// <summary>Runs the controller's watches and workers (as the leader would) until the result is disposed.</summary>
    public async Task<IAsyncDisposable> WatchAsync()
    {
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => Controller.RunAsync(stop.Token));
        await Poll.UntilAsync(() => Controller.Session is not null || run.IsCompleted, "the controller session starts");
        return new Running(stop, run);
    }

    private sealed class Running(CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }

    public ControllerSession Session => Controller.Session ?? throw new InvalidOperationException("the controller is not running");

    public static QueueKey EsKey(string ns, string name) =>
        ExternalSecretController.KeyOf(ns, name);

    public string? ReadyStatus(string ns, string name) => ReadyCondition(ns, name)?["status"]?.GetValue<string>();

    public string ReadyMessage(string ns, string name) => ReadyCondition(ns, name)?["message"]?.GetValue<string>() ?? "";

    public void Namespace(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (labels is not null) meta["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        Server.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = meta });
    }

    public void Secret(string ns, string name, IReadOnlyDictionary<string, string> data) =>
        Server.Create(FakeResourceType.Secret, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))))),
        });

    public void Store(string? ns, string name, JsonObject provider, string? controller = null, JsonArray? conditions = null)
    {
        var spec = new JsonObject { ["provider"] = provider };
        if (controller is not null) spec["controller"] = controller;
        if (conditions is not null) spec["conditions"] = conditions;
        var obj = new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = ns is null ? "ClusterSecretStore" : "SecretStore",
            ["metadata"] = ns is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
        Server.Create(ns is null ? FakeResourceType.ClusterSecretStore : FakeResourceType.SecretStore, ns, obj);
    }

    /// <summary>The SecretStore <c>default/vault</c> on the Vault fake's KV mount (default v2 <c>secret</c>), with its root token in the Secret <c>vault-token</c>.</summary>
    public void VaultStore(FakeVaultServer vault, string mount = "secret", string version = "v2")
    {
        Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = vault.RootToken });
        Store("default", "vault", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = vault.BaseAddress.ToString(), ["path"] = mount, ["version"] = version,
                ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
            },
        });
    }

    public static JsonObject FakeProvider(params (string Key, string Value)[] data) => new()
    {
        ["fake"] = new JsonObject { ["data"] = new JsonArray([.. data.Select(d => (JsonNode)new JsonObject { ["key"] = d.Key, ["value"] = d.Value })]) },
    };

    public JsonObject ExternalSecret(string ns, string name, JsonObject spec)
    {
        return Server.Create(FakeResourceType.ExternalSecret, ns, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        });
    }

    public static JsonObject Spec(string store, string storeKind = "SecretStore", string? refresh = null, JsonObject? target = null, params (string SecretKey, string Key, string? Property)[] data)
    {
        var spec = new JsonObject
        {
            ["secretStoreRef"] = new JsonObject { ["name"] = store, ["kind"] = storeKind },
            ["data"] = new JsonArray([.. data.Select(d =>
            {
                var rr = new JsonObject { ["key"] = d.Key };
                if (d.Property is not null) rr["property"] = d.Property;
                return (JsonNode)new JsonObject { ["secretKey"] = d.SecretKey, ["remoteRef"] = rr };
            })]),
        };
        if (refresh is not null) spec["refreshInterval"] = refresh;
        if (target is not null) spec["target"] = target;
        return spec;
    }

    public JsonObject? TargetSecret(string ns, string name) => Server.TryGet(FakeResourceType.Secret, ns, name);

    public string? Value(string ns, string name, string key) =>
        TargetSecret(ns, name)?["data"]?[key]?.GetValue<string>() is { } b64 ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;

    public JsonObject? ReadyCondition(string ns, string name, string type = "externalsecrets") =>
        (type == "externalsecrets" ? Server.TryGet(FakeResourceType.ExternalSecret, ns, name) : Server.TryGet(FakeResourceType.SecretStore, ns, name))
            ?["status"]?["conditions"]?[0] as JsonObject;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
