using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Fake;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers;

public sealed class BackoffAndStoreReadyTests
{
    private static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = new()
    {
        MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
    };

    [Fact]
    public async Task Failed_reconcile_is_retried_with_growing_jittered_backoff_until_it_succeeds()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { BackoffInitial = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromMinutes(5) }));
        c.ExternalSecret("default", "es", Spec("missing", data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();
        var key = EsKey("default", "es");

        await Poll.UntilAsync(() => c.Session.Backoff.Failures(key) == 1 && c.Session.Scheduler.DueAt(key) is not null, "first failure scheduled");
        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.InRange(c.Session.Scheduler.DueAt(key)!.Value - c.Time.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

        c.Time.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => c.Session.Backoff.Failures(key) == 2 && c.Session.Scheduler.DueAt(key) > c.Time.GetUtcNow(), "second failure scheduled");
        Assert.InRange(c.Session.Scheduler.DueAt(key)!.Value - c.Time.GetUtcNow(), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

        c.Store("default", "missing", FakeProvider(("k", "v"))); // the store appears (and turns Ready): retried at once
        await Poll.UntilAsync(() => c.Value("default", "es", "k") == "v", "synced once the store exists");
        await Poll.UntilAsync(() => c.Session.Backoff.Failures(key) == 0, "backoff reset after success");
        Assert.Equal("True", c.ReadyStatus("default", "es"));
    }

    [Fact]
    public async Task Store_turning_ready_requeues_the_external_secrets_that_failed_against_it_ahead_of_their_backoff()
    {
        await using var c = await StartAsync(Watching(new AgentOptions { BackoffInitial = TimeSpan.FromHours(1), BackoffMax = TimeSpan.FromHours(2) }));
        c.Store("default", "broken", new JsonObject { ["nosuchprovider"] = new JsonObject() });
        c.Store("default", "other", FakeProvider(("k", "other")));
        c.ExternalSecret("default", "a", Spec("broken", data: [("k", "k", null)]));
        c.ExternalSecret("default", "b", Spec("broken", data: [("k", "k", null)]));
        c.ExternalSecret("default", "c", Spec("other", target: new JsonObject { ["name"] = "c" }, data: [("k", "missing-key", null)]));
        await using var running = await c.WatchAsync();
        // "c" may first fail before "other" is validated; the ExternalSecret watch then retries it once when it sees "other"
        // turn Ready. Its failure count is final only after that event was handled (its retry queued) and the queue drained.
        await Poll.UntilAsync(() => new[] { "a", "b", "c" }.All(n => c.Session.Backoff.Failures(EsKey("default", n)) >= 1)
            && c.Controller.ExternalSecretController.SawStoreReady("SecretStore/default/other")
            && c.ReadyCondition("default", "broken", "secretstores") is not null && c.Session.Queue.Count == 0
            && !new[] { "a", "b", "c" }.Any(n => c.Session.Queue.IsProcessing(EsKey("default", n))), "all three failed and the stores were validated");
        Assert.Equal("False", c.ReadyCondition("default", "broken", "secretstores")!["status"]!.GetValue<string>());
        var failuresOfC = c.Session.Backoff.Failures(EsKey("default", "c"));

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "broken")!;
        store["spec"]!["provider"] = FakeProvider(("k", "fixed"));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "broken", store);

        await Poll.UntilAsync(() => c.Value("default", "a", "k") == "fixed" && c.Value("default", "b", "k") == "fixed", "both retried without waiting an hour");
        Assert.Equal("True", c.ReadyCondition("default", "broken", "secretstores")!["status"]!.GetValue<string>());
        Assert.Equal(failuresOfC, c.Session.Backoff.Failures(EsKey("default", "c"))); // failed against another store: still waits
        Assert.Null(c.TargetSecret("default", "c"));
    }

    [Fact]
    public async Task Provider_retry_after_on_throttling_delays_the_next_attempt_beyond_the_backoff()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(Watching(new AgentOptions { BackoffInitial = TimeSpan.FromSeconds(1) }), new ProviderOptions { Retry = FastRetry });
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["p"] = "one" });
        c.VaultStore(vault);
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.ReadyCondition("default", "vault", "secretstores") is not null, "the store is validated");
        vault.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromMinutes(10)), "kv-read");
        c.ExternalSecret("default", "es", Spec("vault", data: [("p", "app", "p")]));
        var key = EsKey("default", "es");

        await Poll.UntilAsync(() => c.Session.Backoff.Failures(key) == 1 && c.Session.Scheduler.DueAt(key) is not null, "the throttled attempt failed");
        Assert.Equal(1, vault.CallCount("kv-read")); // a Retry-After this long is not waited out inside the HTTP client
        Assert.Contains("429", c.ReadyCondition("default", "es")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(c.Session.Scheduler.DueAt(key) >= c.Time.GetUtcNow() + TimeSpan.FromMinutes(10));

        c.Time.Advance(TimeSpan.FromMinutes(5)); // well past the 1 s backoff, not past Retry-After
        await Poll.UntilAsync(() => c.Session.Queue.Count == 0 && !c.Session.Queue.IsProcessing(key), "idle");
        Assert.Equal(1, vault.CallCount("kv-read"));

        c.Time.Advance(TimeSpan.FromMinutes(6));
        await Poll.UntilAsync(() => c.Value("default", "es", "p") == "one", "retried after Retry-After");
        Assert.Equal(2, vault.CallCount("kv-read"));
    }
}
