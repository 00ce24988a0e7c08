using SecretsKit.Agent.Model;

using SecretsKit.Testing.Vault;
using SecretsKit.Testing.Vault.Events;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// <c>vault-events</c> with a store token that is not root, against the fake's model of Vault's events ACL: the policy
/// docs/agent-change-events.md gives is enough, and each half of it is needed.
/// </summary>
public sealed class VaultEventsPolicyTests
{
    /// <summary>The documented policy: <c>read</c> on the subscribe endpoint, <c>subscribe</c> on the KV mount for KV event types.</summary>
    private static readonly VaultEventsPolicy Documented = new()
    {
        Read = ["sys/events/subscribe/kv*"],
        Subscribe = [("secret/*", ["kv*"])],
    };

    private static async Task<(FakeVaultServer Vault, AgentCluster C, IAsyncDisposable Running)> StartAsync(VaultEventsPolicy policy)
    {
        var vault = await FakeVaultServer.StartAsync();
        vault.EventsPolicy = policy;
        vault.Kv2Put("secret", "app/db", VaultEventsChangeTests.Password("v1"));
        var c = await VaultEventsChangeTests.StartWithStoreAsync(vault, vault.IssueToken(TimeSpan.FromHours(1)));
        c.ExternalSecret("default", "db", Spec("vault", refresh: "1h", data: [("password", "app/db", "password")]));
        var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v1", "first sync");
        return (vault, c, running);
    }

    [Fact]
    public async Task With_the_documented_policy_a_kv_write_reaches_the_secret_by_its_event()
    {
        var (vault, c, running) = await StartAsync(Documented);
        await using var _ = vault;
        await using var __ = c;
        await using var ___ = running;
        await Poll.UntilAsync(() => AnnotatedStores.Condition(c, "default", "vault")?.Status == "True" && vault.EventSubscriberCount == 1, "subscribed");

        vault.Kv2Put("secret", "app/db", VaultEventsChangeTests.Password("v2"));
        await Poll.UntilAsync(() => c.Value("default", "db", "password") == "v2", "the event's refresh");
        Assert.Equal(0, vault.EventsWithheld);
    }

    [Fact]
    public async Task Without_subscribe_on_the_kv_paths_the_subscription_opens_but_vault_withholds_every_event()
    {
        var (vault, c, running) = await StartAsync(Documented with { Subscribe = [("secret/*", ["database/*"])] });
        await using var _ = vault;
        await using var __ = c;
        await using var ___ = running;
        await Poll.UntilAsync(() => AnnotatedStores.Condition(c, "default", "vault")?.Status == "True" && vault.EventSubscriberCount == 1, "subscribed");
        var received = c.Controller.ChangeEvents.SubscriptionOf("default", "vault")!.Received;

        vault.Kv2Put("secret", "app/db", VaultEventsChangeTests.Password("v2"));
        await Poll.UntilAsync(() => vault.EventsWithheld == 1, "the event withheld by Vault");
        Assert.Equal(received, c.Controller.ChangeEvents.SubscriptionOf("default", "vault")!.Received);
        Assert.Equal("v1", c.Value("default", "db", "password"));
    }

    [Fact]
    public async Task Without_read_on_the_subscribe_endpoint_the_store_shows_ChangeEventsReady_False_with_the_403()
    {
        var (vault, c, running) = await StartAsync(Documented with { Read = ["sys/events/subscribe/database*"] });
        await using var _ = vault;
        await using var __ = c;
        await using var ___ = running;

        await Poll.UntilAsync(() => AnnotatedStores.Condition(c, "default", "vault")?.Status == "False", "ChangeEventsReady False");
        Assert.Contains("403", AnnotatedStores.Condition(c, "default", "vault")!.Value.Message, StringComparison.Ordinal);
        Assert.Equal(0, vault.EventSubscriberCount);
    }
}
