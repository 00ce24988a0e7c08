using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Kubernetes;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.Stores;

/// <summary>
/// A store's conditions array has two writers (the store reconciler's Ready, the change-event controller's
/// ChangeEventsReady). A merge patch replaces the array whole, so a write computed from a stale copy must not put the
/// other writer's condition back to what it was, or drop it.
/// </summary>
public sealed class StoreConditionWritersTests
{
    private static JsonObject ChangeEvents(string status) => new()
    {
        ["type"] = "ChangeEventsReady", ["status"] = status, ["reason"] = status == "True" ? "Subscribed" : "SubscriptionFailed",
        ["message"] = "set by the change-event controller",
    };

    private static Task SetConditionsAsync(AgentCluster c, params JsonObject[] conditions) =>
        c.Client.PatchStatusAsync(ResourceTypes.SecretStore, "default", "fake",
            new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray([.. conditions]) } });

    private static List<string> Types(AgentCluster c) =>
        [.. c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!["status"]!["conditions"]!.AsArray().Select(x => x!["type"]!.GetValue<string>())];

    [Fact]
    public async Task A_ready_condition_computed_from_a_stale_copy_keeps_the_change_events_condition_written_since()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        var stale = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!; // read before the other writer
        await SetConditionsAsync(c, ChangeEvents("True"));

        var reconciler = new StoreStatusReconciler(c.Client, c.Providers, StoreClaim.From(new AgentOptions()), c.Time);
        await reconciler.ReconcileOneAsync(ResourceTypes.SecretStore, stale, CancellationToken.None);

        Assert.Equal(["ChangeEventsReady", "Ready"], Types(c));
        var events = Condition.Find(c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!["status"], "ChangeEventsReady")!;
        Assert.Equal(ConditionStatus.True, events.Status);
    }

    [Fact]
    public async Task A_stale_copy_never_puts_back_an_old_change_events_condition()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        await SetConditionsAsync(c, ChangeEvents("True"));
        var stale = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!; // holds ChangeEventsReady=True
        await SetConditionsAsync(c, ChangeEvents("False"));

        var reconciler = new StoreStatusReconciler(c.Client, c.Providers, StoreClaim.From(new AgentOptions()), c.Time);
        await reconciler.ReconcileOneAsync(ResourceTypes.SecretStore, stale, CancellationToken.None);

        var status = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!["status"];
        Assert.Equal(ConditionStatus.False, Condition.Find(status, "ChangeEventsReady")!.Status);
        Assert.True(Condition.Find(status)!.IsTrue);
    }
}
