using System.Collections.Concurrent;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Azure.ServiceBus;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// <c>servicebus://</c>: Key Vault's Event Grid events, read from a Service Bus queue with the store's own service
/// principal, refresh the ExternalSecrets of a changed secret, through the Kubernetes API fake.
/// </summary>
public sealed class ServiceBusChangeTests : IAsyncLifetime
{
    private const string Queue = "kv-events";
    private FakeAzureKeyVaultServer _kv = null!;
    private FakeServiceBusServer _bus = null!;
    private HostRoutingHandler _handler = null!;
    private AgentCluster _c = null!;
    private readonly ConcurrentQueue<string> _logged = new();

    public async Task InitializeAsync()
    {
        _kv = await FakeAzureKeyVaultServer.StartAsync();
        _kv.AddClient("agent-client", "agent-client-secret");
        _bus = await FakeServiceBusServer.StartAsync();
        _bus.CreateQueue(Queue, lockDuration: TimeSpan.FromMinutes(5));
        _bus.TrustedIssuer = _kv.TokenAudience;
        _handler = new HostRoutingHandler(_bus.CreateClientHandler(), _kv.CreateClientHandler());
        _kv.SetSecret("db-password", "v1");
        _c = await StartAsync(
            Watching(new AgentOptions { ChangeEventsRetryInitial = TimeSpan.FromMilliseconds(50), ChangeEventsRetryMax = TimeSpan.FromMilliseconds(200) }),
            new ProviderOptions
            {
                AzureAuthorityHost = new Uri(_kv.AuthorityHost),
                Azure = new CloudKeyOptions { HttpHandler = _handler, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
            });
        _c.Controller.ChangeEvents.Log = (message, fields) => _logged.Enqueue(message + " " + string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}")));
        _c.Secret("default", "azure-sp", new Dictionary<string, string> { ["clientId"] = "agent-client", ["clientSecret"] = "agent-client-secret" });
        _c.Server.Create(FakeResourceType.SecretStore, "default", FakeServiceBusServer.KeyVaultStore("default", _kv.VaultUrl, _kv.TenantId, $"servicebus://{FakeServiceBusServer.NamespaceName}/{Queue}"));
        _c.ExternalSecret("default", "db", Spec("azure", refresh: "1h", data: [("password", "db-password", null)]));
        _c.ExternalSecret("default", "db-too", Spec("azure", refresh: "1h", data: [("pw", "db-password", null)]));
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        _handler.Dispose();
        await _bus.DisposeAsync();
        await _kv.DisposeAsync();
    }

    private static string SecretEvent(string name, string vault = "secretskit", string type = "SecretNewVersionCreated") =>
        KeyVaultEventGrid.SecretEvent(vault, name, type);

    private async Task<IAsyncDisposable> SyncedAndSubscribedAsync()
    {
        var running = await _c.WatchAsync();
        try
        {
            await Poll.UntilAsync(() => _c.Value("default", "db", "password") == "v1" && _c.Value("default", "db-too", "pw") == "v1",
                "first sync", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}: {_c.ReadyMessage("default", "db")} / {_c.ReadyMessage("default", "db-too")}", e);
        }
        await Poll.UntilAsync(() => AnnotatedStores.Condition(_c, "default", "azure")?.Status == "True", "ChangeEventsReady True");
        return running;
    }

    [Fact]
    public async Task A_new_secret_version_reaches_the_secret_by_its_event_alone_and_the_message_is_completed()
    {
        await using var running = await SyncedAndSubscribedAsync();
        var reads = _kv.CountCalls("getSecret");

        _kv.SetSecret("db-password", "v2");
        _bus.Send(Queue, SecretEvent("db-password"));
        await Poll.UntilAsync(() => _c.Value("default", "db", "password") == "v2" && _c.Value("default", "db-too", "pw") == "v2", "the event's refresh");
        await Poll.UntilAsync(() => _bus.CompletedCount(Queue) == 1, "the message completed");

        // one read for the key both ExternalSecrets read
        Assert.Equal(reads + 1, _kv.CountCalls("getSecret"));
        Assert.Equal(0, _bus.ActiveCount(Queue));
        Assert.True(AnnotatedStores.Up(_c, "default", "azure"));
        Assert.Contains("https://servicebus.azure.net/.default", _kv.RequestedScopes);
    }

    [Fact]
    public async Task Events_for_another_vault_or_keys_nobody_reads_cost_no_read_and_are_completed()
    {
        await using var running = await SyncedAndSubscribedAsync();
        var reads = _kv.CountCalls("getSecret");

        _bus.Send(Queue, SecretEvent("db-password", vault: "other-vault"));
        _bus.Send(Queue, SecretEvent("nobody-reads-this"));
        _bus.Send(Queue, SecretEvent("db-password", type: "KeyNewVersionCreated").Replace("\"Secret\"", "\"Key\"", StringComparison.Ordinal));
        await Poll.UntilAsync(() => _bus.CompletedCount(Queue) == 3, "three messages completed");

        Assert.Equal(reads, _kv.CountCalls("getSecret"));
        Assert.Equal(0, _bus.ActiveCount(Queue));
    }

    [Fact]
    public async Task A_failing_queue_turns_the_condition_and_metric_down_and_the_subscription_recovers()
    {
        await using var running = await SyncedAndSubscribedAsync();

        _bus.InjectFault(FakeFault.ServerError(), "receive", times: 4);
        await Poll.UntilAsync(() => AnnotatedStores.Condition(_c, "default", "azure") is { Status: "False", Reason: "SubscriptionFailed" }, "ChangeEventsReady False");
        Assert.Contains("HTTP 500", AnnotatedStores.Condition(_c, "default", "azure")!.Value.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => AnnotatedStores.Up(_c, "default", "azure") == true
            && AnnotatedStores.Condition(_c, "default", "azure")?.Status == "True", "the subscription back up");

        _kv.SetSecret("db-password", "after-outage");
        _bus.Send(Queue, SecretEvent("db-password"));
        await Poll.UntilAsync(() => _c.Value("default", "db", "password") == "after-outage", "an event after the outage");
    }

    [Fact]
    public async Task Malformed_oversized_and_hostile_messages_are_logged_dropped_and_completed_without_a_read()
    {
        await using var running = await SyncedAndSubscribedAsync();
        var reads = _kv.CountCalls("getSecret");

        _bus.Send(Queue, "{\"eventType\":");
        _bus.Send(Queue, SecretEvent("db-password").Replace("\"ObjectName\":\"db-password\"", "\"ObjectName\":\"../../keys/x\"", StringComparison.Ordinal));
        _bus.Send(Queue, new string(' ', 300 * 1024) + SecretEvent("db-password"));
        _bus.Send(Queue, string.Concat(Enumerable.Repeat("[", 10_000)));
        await Poll.UntilAsync(() => _bus.CompletedCount(Queue) == 4, "four messages completed");

        Assert.Equal(reads, _kv.CountCalls("getSecret"));
        Assert.Equal(4, _logged.Count(l => l.StartsWith("change event dropped", StringComparison.Ordinal)));
        Assert.Contains(_logged, l => l.Contains("larger than", StringComparison.Ordinal));
        Assert.Contains(_logged, l => l.Contains("no valid ObjectName", StringComparison.Ordinal));
        Assert.Equal("v1", _c.Value("default", "db", "password"));
    }
}
