using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Model;

public sealed class ConditionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Serializes_in_the_field_order_the_agent_writes_and_omits_unset_times()
    {
        var bare = Condition.Ready(Readiness.NotReady, "InvalidStore", "no provider");
        Assert.Equal("""{"type":"Ready","status":"False","reason":"InvalidStore","message":"no provider"}""", bare.ToJson().ToJsonString());

        var full = bare with { LastTransitionTime = "2026-11-23T09:00:00Z", ObservedGeneration = 3 };
        Assert.Equal("""{"type":"Ready","status":"False","reason":"InvalidStore","message":"no provider","lastTransitionTime":"2026-11-23T09:00:00Z","observedGeneration":3}""",
            full.ToJson().ToJsonString());
    }

    [Fact]
    public void Keeps_the_transition_time_while_the_status_stays_and_takes_now_when_it_flips()
    {
        var previous = Condition.Find(Status("True", "2026-01-01T00:00:00Z"));

        var same = Condition.Ready(Readiness.Ready, "SecretSynced", "other message").Following(previous, Now);
        var flipped = Condition.Ready(Readiness.NotReady, "SecretSyncedError", "boom").Following(previous, Now);
        var first = Condition.Ready(Readiness.Ready, "SecretSynced", "ok").Following(null, Now);

        Assert.Equal("2026-01-01T00:00:00Z", same.LastTransitionTime);
        Assert.Equal("2026-11-23T09:00:00Z", flipped.LastTransitionTime);
        Assert.Equal("2026-11-23T09:00:00Z", first.LastTransitionTime);
    }

    [Fact]
    public void Finds_the_ready_condition_among_others_and_reads_unknown_statuses_as_unknown()
    {
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Deleted", ["status"] = "True" },
                new JsonObject { ["type"] = "Ready", ["status"] = "maybe", ["reason"] = "R", ["message"] = "M" }),
        };

        var ready = Condition.Find(status);

        Assert.NotNull(ready);
        Assert.Equal(ConditionStatus.Unknown, ready.Status);
        Assert.False(ready.IsTrue);
        Assert.Null(Condition.Find(new JsonObject()));
        Assert.Null(Condition.Find(null));
    }

    [Fact]
    public void Differs_when_status_reason_or_message_changes_but_not_for_the_transition_time()
    {
        var a = Condition.Ready(Readiness.Ready, "SecretSynced", "ok");

        Assert.False((a with { LastTransitionTime = "2026-01-01T00:00:00Z" }).Differs(a));
        Assert.True(a.Differs(null));
        Assert.True(a.Differs(a with { Status = ConditionStatus.False }));
        Assert.True(a.Differs(a with { Reason = "Other" }));
        Assert.True(a.Differs(a with { Message = "changed" }));
    }

    private static JsonObject Status(string status, string transition) => new()
    {
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Ready", ["status"] = status, ["reason"] = "SecretSynced", ["message"] = "ok", ["lastTransitionTime"] = transition,
        }),
    };
}
