using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Agent.Tests.Hosting;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests.Runtime.Sharding;

/// <summary>
/// Real agent processes started with <c>--shards</c> against one fake API server: one SecretStore of the fake provider
/// with a key per ExternalSecret (<c>es-i</c> reads <c>k-i</c> into Secret <c>es-i</c>), every agent with its own
/// kubeconfig and identity (its User-Agent carries it, so the request log says who wrote what).
/// </summary>
internal sealed class ShardedAgents : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, AgentProcess> _agents = new(StringComparer.Ordinal);

    private ShardedAgents(FakeKubeApiServer server, int shards, int objects)
    {
        Server = server;
        Shards = shards;
        Objects = objects;
    }

    public FakeKubeApiServer Server { get; }

    public int Shards { get; }

    public int Objects { get; }

    public AgentProcess this[string identity] => _agents[identity];

    public static async Task<ShardedAgents> StartAsync(int shards = 6, int objects = 24)
    {
        var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        AgentProcess.AddFakeStore(server, [.. Enumerable.Range(0, objects).Select(i => ($"k-{i}", $"v-{i}"))]);
        for (var i = 0; i < objects; i++)
        {
            server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
            {
                ["apiVersion"] = "external-secrets.io/v1",
                ["kind"] = "ExternalSecret",
                ["metadata"] = new JsonObject { ["name"] = $"es-{i}", ["namespace"] = "default" },
                ["spec"] = AgentCluster.Spec("fake", data: [("value", $"k-{i}", null)]),
            });
        }
        return new ShardedAgents(server, shards, objects);
    }

    /// <summary>Starts an agent named <paramref name="identity"/> with <c>--shards</c>.</summary>
    public AgentProcess Start(string identity)
    {
        var kubeconfig = AgentProcess.Kubeconfig(Server, _dir.Path, "kubeconfig-" + identity);
        var agent = AgentProcess.Start(_dir.Path, new() { ["KUBECONFIG"] = kubeconfig, ["POD_NAME"] = identity },
            "--shards", Shards.ToString(System.Globalization.CultureInfo.InvariantCulture), "--lease-namespace", "default", "--shutdown-timeout", "10s");
        _agents[identity] = agent;
        return agent;
    }

    /// <summary>The holder of every shard Lease (null: absent or empty).</summary>
    public string?[] Holders() =>
        [.. Enumerable.Range(0, Shards).Select(i => Server.TryGet(FakeResourceType.Lease, "default", ShardLeaseManager.LeaseName(i))?["spec"]?["holderIdentity"]?.GetValue<string>() is { Length: > 0 } h ? h : null)];

    /// <summary>Whether every shard is held and each of <paramref name="identities"/> holds its even share (differing by one at most).</summary>
    public bool Balanced(params string[] identities)
    {
        var holders = Holders();
        if (holders.Any(h => h is null || !identities.Contains(h))) return false;
        var counts = identities.Select(id => holders.Count(h => h == id)).ToList();
        return counts.Max() - counts.Min() <= 1 && counts.Min() > 0;
    }

    /// <summary>The shard of <c>es-i</c>, computed as the agent computes it.</summary>
    public int ShardOf(int i) => ShardOf($"es-{i}");

    /// <summary>
    /// Adds a Vault SecretStore <c>vault</c> (token auth) and <paramref name="count"/> ExternalSecrets <c>v-i</c> that
    /// read property <c>p</c> of <c>secret/v/i</c> into key <paramref name="secretKey"/> of Secret <c>v-i</c>.
    /// </summary>
    public void AddVaultObjects(FakeVaultServer vault, int count, string value, string secretKey = "p")
    {
        Server.Create(FakeResourceType.Secret, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "vault-token", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["token"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(vault.RootToken)) },
        });
        Server.Create(FakeResourceType.SecretStore, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "SecretStore",
            ["metadata"] = new JsonObject { ["name"] = "vault", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["provider"] = new JsonObject
                {
                    ["vault"] = new JsonObject
                    {
                        ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
                        ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
                    },
                },
            },
        });
        for (var i = 0; i < count; i++)
        {
            vault.Kv2Put("secret", $"v/{i}", new Dictionary<string, string> { ["p"] = value });
            Server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
            {
                ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "ExternalSecret",
                ["metadata"] = new JsonObject { ["name"] = $"v-{i}", ["namespace"] = "default" },
                ["spec"] = AgentCluster.Spec("vault", refresh: "1h", data: [(secretKey, $"v/{i}", "p")]),
            });
        }
    }

    /// <summary>The shard of the ExternalSecret <paramref name="name"/>, computed as the agent computes it.</summary>
    public int ShardOf(string name) => ShardKey.Of(ShardKey.For(ExternalSecretResource.Parse(Server.TryGet(FakeResourceType.ExternalSecret, "default", name)!)), Shards);

    /// <summary>The decoded value of <paramref name="key"/> in Secret <paramref name="name"/> (null: no such Secret or key).</summary>
    public string? Value(string name, string key) =>
        Server.TryGet(FakeResourceType.Secret, "default", name)?["data"]?[key]?.GetValue<string>() is { } b64
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;

    /// <summary>Whether every target Secret holds the key <paramref name="secretKey"/>.</summary>
    public bool AllSynced(string secretKey = "value") =>
        Enumerable.Range(0, Objects).All(i => Server.TryGet(FakeResourceType.Secret, "default", $"es-{i}")?["data"]?[secretKey] is not null);

    /// <summary>Changes every ExternalSecret's spec (its data lands under <paramref name="secretKey"/>): a new generation to sync.</summary>
    public void ChangeAll(string secretKey)
    {
        for (var i = 0; i < Objects; i++)
        {
            var es = Server.TryGet(FakeResourceType.ExternalSecret, "default", $"es-{i}")!;
            es["spec"] = AgentCluster.Spec("fake", data: [(secretKey, $"k-{i}", null)]);
            Server.Replace(FakeResourceType.ExternalSecret, "default", $"es-{i}", es);
        }
    }

    /// <summary>The requests logged so far (their index marks a moment).</summary>
    public IReadOnlyList<FakeKubeRequest> Requests => [.. Server.Requests];

    /// <summary>Whether a request came from the agent <paramref name="identity"/>.</summary>
    public static bool From(FakeKubeRequest r, string identity) => r.UserAgent?.Contains($"({identity})", StringComparison.Ordinal) == true;

    /// <summary>A write other than to a Lease: a Secret, a status, an Event.</summary>
    public static bool IsObjectWrite(FakeKubeRequest r) =>
        r.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !r.Path.Contains("/leases", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents.Values)
        {
            if (!agent.HasExited) await agent.SignalAsync("CONT"); // a test that failed while one was stopped
            await agent.DisposeAsync();
        }
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
