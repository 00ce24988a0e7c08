using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers;

public sealed class RestartHandoverTests
{
    private static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = new()
    {
        MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
    };

    /// <summary>Records every watch event of one type from now on (what a human would see with kubectl get -w).</summary>
    private sealed class Recorder : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Recorder(KubernetesClient client, ResourceType type, string resourceVersion)
        {
            _run = Task.Run(async () =>
            {
                try
                {
                    await foreach (var ev in client.WatchAsync(type, "default", new WatchOptions { ResourceVersion = resourceVersion, AllowBookmarks = false }, _stop.Token))
                    {
                        Events.Enqueue(ev);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public ConcurrentQueue<WatchEvent> Events { get; } = new();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Agent_killed_mid_reconcile_hands_over_without_deleting_duplicating_flipping_ready_or_refetching_fresh_secrets()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        var options = Watching(new AgentOptions { Concurrency = 8, StoreConcurrency = 0, PassInterval = TimeSpan.FromMilliseconds(100) });
        await using var c = await StartAsync(options, new ProviderOptions { Retry = FastRetry });
        using var clientB = new KubernetesClient(new KubernetesClientConfiguration { Server = c.Server.BaseAddress });
        var providerOptions = new ProviderOptions { Retry = FastRetry };
        var log = new AgentLog(TextWriter.Null);
        CreateStoreAndTenFresh(c, vault);
        var start = c.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var secretEvents = new Recorder(c.Client, ResourceTypes.Secret, start);
        await using var statusEvents = new Recorder(c.Client, ResourceTypes.ExternalSecret, start);

        // instance A syncs the first ten, then is killed while five new ones hang at the provider
        using var a = new AgentHost(c.Client, options, providerOptions, "agent-a", "default", log, c.Time);
        using var stopA = new CancellationTokenSource();
        var runA = Task.Run(() => a.RunAsync(stopA.Token));
        await Poll.UntilAsync(() => Enumerable.Range(0, 10).All(i => c.ReadyStatus("default", $"fresh-{i}") == "True"), "A syncs the first ten");
        var readsByA = vault.CallCount("kv-read");
        vault.InjectFault(FakeFault.Latency(TimeSpan.FromMinutes(5)), "kv-read", times: 5);
        for (var i = 0; i < 5; i++)
        {
            vault.Kv2Put("secret", $"slow/{i}", new Dictionary<string, string> { ["p"] = $"slow-{i}" });
            c.ExternalSecret("default", $"slow-{i}", Spec("vault", refresh: "1h", data: [("p", $"slow/{i}", "p")]));
        }
        await Poll.UntilAsync(() => vault.CallCount("kv-read") == readsByA + 5, "five reconciles are in flight at the provider");
        await stopA.CancelAsync();
        await runA;
        Assert.False(a.IsReconciling);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Null(c.TargetSecret("default", $"slow-{i}")));

        // instance B takes over
        var readsBeforeB = vault.CallCount("kv-read");
        using var b = new AgentHost(clientB, options, providerOptions, "agent-b", "default", log, c.Time);
        using var stopB = new CancellationTokenSource();
        var runB = Task.Run(() => b.RunAsync(stopB.Token));
        await Poll.UntilAsync(() => Enumerable.Range(0, 5).All(i => c.Value("default", $"slow-{i}", "p") == $"slow-{i}" && c.ReadyStatus("default", $"slow-{i}") == "True"),
            "B syncs the interrupted five");
        await Poll.UntilAsync(() => b.Controller.Session is { } s && s.Queue.Count == 0
            && Enumerable.Range(0, 10).All(i => s.Scheduler.DueAt(EsKey("default", $"fresh-{i}")) is not null), "B has reconciled every object");
        await stopB.CancelAsync();
        await runB;

        // B fetched only what was not fresh
        Assert.Equal(5, vault.CallCount("kv-read") - readsBeforeB);
        // every target is correct
        for (var i = 0; i < 10; i++) Assert.Equal($"fresh-{i}", c.Value("default", $"fresh-{i}", "p"));
        for (var i = 0; i < 5; i++) Assert.Equal("True", c.ReadyStatus("default", $"slow-{i}"));
        AssertNoneDeletedDuplicatedOrFlipped(secretEvents, statusEvents, secretCount: 15);
    }

    private static void CreateStoreAndTenFresh(AgentCluster c, FakeVaultServer vault)
    {
        c.VaultStore(vault);
        for (var i = 0; i < 10; i++)
        {
            vault.Kv2Put("secret", $"fresh/{i}", new Dictionary<string, string> { ["p"] = $"fresh-{i}" });
            c.ExternalSecret("default", $"fresh-{i}", Spec("vault", refresh: "1h", data: [("p", $"fresh/{i}", "p")]));
        }
    }

    /// <summary>No Secret deleted, each created once, and Ready never False for anyone, during the handover or before it.</summary>
    private static void AssertNoneDeletedDuplicatedOrFlipped(Recorder secretEvents, Recorder statusEvents, int secretCount)
    {
        var secrets = secretEvents.Events.ToArray();
        Assert.DoesNotContain(secrets, e => e.Type == WatchEventType.Deleted);
        var created = secrets.Where(e => e.Type == WatchEventType.Added).Select(e => e.Object!.GetName()).ToList();
        Assert.Equal(secretCount, created.Count);
        Assert.Equal(secretCount, created.Distinct().Count());
        var readyStatuses = statusEvents.Events.ToArray()
            .Select(e => Json(e.Object!))
            .Where(s => s is not null)
            .ToList();
        Assert.NotEmpty(readyStatuses);
        Assert.DoesNotContain("False", readyStatuses);
    }

    private static string? Json(JsonObject es) =>
        (es["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready")?["status"]?.GetValue<string>();
}
