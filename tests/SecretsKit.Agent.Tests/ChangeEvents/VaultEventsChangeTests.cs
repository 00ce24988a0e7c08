using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary><c>vault-events</c>: Vault's event stream refreshes the ExternalSecrets of a changed KV secret, through the Kubernetes API fake.</summary>
public sealed class VaultEventsChangeTests
{
    private static AgentOptions Options => Watching(new AgentOptions
    {
        ChangeEventsRetryInitial = TimeSpan.FromMilliseconds(50),
        ChangeEventsRetryMax = TimeSpan.FromMilliseconds(200),
    });

    /// <summary>The agent and the annotated store <c>default/vault</c>, authenticating with <paramref name="token"/> (default: the root token).</summary>
    internal static async Task<AgentCluster> StartWithStoreAsync(FakeVaultServer vault, string? token = null)
    {
        var c = await StartAsync(Options);
        c.Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = token ?? vault.RootToken });
        AnnotatedStores.Create(c, "default", "vault", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
                ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
            },
        }, "vault-events");
        return c;
    }

    internal static Dictionary<string, string> Password(string value) => new() { ["password"] = value };

    private static async Task SubscribedAsync(AgentCluster c, FakeVaultServer vault)
    {
        await Poll.UntilAsync(() => AnnotatedStores.Condition(c, "default", "vault")?.Status == "True" && vault.EventSubscriberCount == 1,
            "ChangeEventsReady True with one subscription");
    }

    /// <summary>The annotated store, an ExternalSecret <c>db</c> reading <c>app/db</c> (v1), synced and subscribed.</summary>
    private static async Task<(AgentCluster C, IAsyncDisposable Running)> WatchingOneSecretAsync(FakeVaultServer vault)
    {
        vault.Kv2Put("secret", "app/db", Password("v1"));
        var c = await StartWithStoreAsync(vault);
        c.ExternalSecret("default", "db", Spec("vault", refresh: "1h", data: [("password", "app/db", "password")]));
        var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v1", "first sync");
        await SubscribedAsync(c, vault);
        return (c, running);
    }

    [Fact]
    public async Task A_kv_write_reaches_the_secret_by_its_event_alone_with_one_read()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app/db", Password("v1"));
        await using var c = await StartWithStoreAsync(vault);
        c.ExternalSecret("default", "db", Spec("vault", refresh: "1h", data: [("password", "app/db", "password")]));
        c.ExternalSecret("default", "db-too", Spec("vault", refresh: "1h", data: [("pw", "app/db", "password")]));
        c.ExternalSecret("default", "db-full", Spec("vault", refresh: "1h", data: [("password", "secret/data/app/db", "password")]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v1" && c.Value("default", "db-full", "password") == "v1", "first sync");
        await SubscribedAsync(c, vault);
        var reads = vault.CallCount("kv-read");

        vault.Kv2Put("secret", "app/db", Password("v2"));
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v2" && c.Value("default", "db-too", "pw") == "v2"
            && c.Value("default", "db-full", "password") == "v2", "the event's refresh");

        // one read per remote key as written: "app/db" (two ExternalSecrets) and "secret/data/app/db"
        Assert.Equal(reads + 2, vault.CallCount("kv-read"));
        Assert.Equal(["kv-v2/*"], vault.EventSubscriptionPatterns);
        Assert.True(AnnotatedStores.Up(c, "default", "vault"));
    }

    [Fact]
    public async Task Events_for_keys_nobody_reads_or_another_mount_cost_no_provider_read()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableKv("other", 2);
        vault.Kv2Put("secret", "app/db", Password("v1"));
        await using var c = await StartWithStoreAsync(vault);
        c.ExternalSecret("default", "db", Spec("vault", refresh: "1h", data: [("password", "app/db", "password")]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v1", "first sync");
        await SubscribedAsync(c, vault);
        var reads = vault.CallCount("kv-read");
        var subscription = c.Controller.ChangeEvents.SubscriptionOf("default", "vault")!;
        var received = subscription.Received;

        vault.Kv2Put("secret", "nobody/reads", Password("x"));
        vault.Kv2Put("other", "app/db", Password("x"));
        await Poll.UntilAsync(() => subscription.Received >= received + 2, "two events received");

        Assert.Equal(reads, vault.CallCount("kv-read"));
        Assert.Equal("v1", c.Value("default", "db", "password"));
    }

    [Fact]
    public async Task A_dropped_connection_reconnects_and_the_next_write_still_arrives()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        var (c, running) = await WatchingOneSecretAsync(vault);
        await using var _ = c;
        await using var __ = running;

        vault.DropEventConnections();
        await Poll.UntilAsync(() => vault.EventSubscriptionPatterns.Count == 2 && vault.EventSubscriberCount == 1, "a second subscription");
        vault.Kv2Put("secret", "app/db", Password("after-drop"));

        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "after-drop", "the event after the reconnect");
        await Poll.UntilAsync(() => AnnotatedStores.Condition(c, "default", "vault")?.Status == "True", "the condition back to True");
    }

    [Fact]
    public async Task A_server_without_events_turns_the_condition_and_metric_down_with_the_reason_and_recovers()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        var (c, running) = await WatchingOneSecretAsync(vault);
        await using var _ = c;
        await using var __ = running;

        vault.EventsEnabled = false;
        vault.DropEventConnections(abort: false);
        await Poll.UntilAsync(() => AnnotatedStores.Condition(c, "default", "vault") is { Status: "False" } down
            && down.Message.Contains("offers no event notifications", StringComparison.Ordinal), "ChangeEventsReady False: no events");
        var down = AnnotatedStores.Condition(c, "default", "vault")!.Value;
        Assert.Equal("SubscriptionFailed", down.Reason);
        Assert.Contains("offers no event notifications", down.Message, StringComparison.Ordinal);
        Assert.False(AnnotatedStores.Up(c, "default", "vault"));
        Assert.Equal("True", c.ReadyStatus("default", "db"));

        vault.EventsEnabled = true;
        await SubscribedAsync(c, vault);
        Assert.True(AnnotatedStores.Up(c, "default", "vault"));
    }

    [Fact]
    public async Task Malformed_and_hostile_frames_are_dropped_and_read_nothing()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app/db", Password("v1"));
        await using var c = await StartWithStoreAsync(vault);
        var logged = new System.Collections.Concurrent.ConcurrentQueue<string>();
        c.Controller.ChangeEvents.Log = (message, fields) => logged.Enqueue(message + " " + string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}")));
        c.ExternalSecret("default", "db", Spec("vault", refresh: "1h", data: [("password", "app/db", "password")]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v1", "first sync");
        await SubscribedAsync(c, vault);
        var reads = vault.CallCount("kv-read");
        var subscription = c.Controller.ChangeEvents.SubscriptionOf("default", "vault")!;

        vault.PublishRawEvent("{\"data\":");
        vault.PublishRawEvent("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{"path":"secret/data/../../sys/raw/core"}}}}""");
        vault.PublishRawEvent(new string('[', 100_000));
        vault.PublishRawBinaryEvent([0xde, 0xad]);
        await Poll.UntilAsync(() => subscription.Dropped >= 4, "four frames dropped");

        Assert.Equal(reads, vault.CallCount("kv-read"));
        Assert.Equal(4, logged.Count(l => l.StartsWith("change event dropped", StringComparison.Ordinal)));
        Assert.Contains(logged, l => l.Contains("unusable path", StringComparison.Ordinal));
        vault.Kv2Put("secret", "app/db", Password("v2"));
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v2", "a good event after the bad ones");
    }
}
