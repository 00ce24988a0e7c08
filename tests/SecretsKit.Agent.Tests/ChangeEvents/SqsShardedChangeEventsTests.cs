using SecretsKit.Agent.ChangeEvents.Sqs;
using SecretsKit.Agent.Hosting;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// Sharded agents: each replica subscribes and refreshes only the ExternalSecrets of its own shards; a message for the
/// other replica's keys is released at once (visibility 0, then backing off) instead of waiting out its visibility timeout.
/// </summary>
public sealed class SqsShardedChangeEventsTests
{
    private static string KeyInShard(int shard) => ShardedReplicas.KeyInShard("aws", shard, i => $"app/key-{i}");

    [Fact]
    public async Task Two_sharded_replicas_each_read_their_own_key_once_and_a_message_of_the_other_shard_is_released_well_before_its_visibility_timeout()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        var first = KeyInShard(0);
        var second = KeyInShard(1);
        h.SecretsManager.PutSecret(first, "v1");
        h.SecretsManager.PutSecret(second, "v1");
        h.ExternalSecret("first", first);
        h.ExternalSecret("second", second);
        AgentController[] replicas = [ShardedReplicas.Replica(h.Cluster, 0), ShardedReplicas.Replica(h.Cluster, 1)];
        using var stop = new CancellationTokenSource();
        var runs = replicas.Select(r => Task.Run(() => r.RunAsync(stop.Token))).ToList();
        try
        {
            await Poll.UntilAsync(() => h.Cluster.Value("default", "first", "value") == "v1" && h.Cluster.Value("default", "second", "value") == "v1", "both synced");
            await Poll.UntilAsync(() => replicas.All(r => r.ChangeEvents.SubscriptionOf("default", "aws") is { Up: true }), "both replicas subscribed");
            var reads = h.SecretsManager.CallCount("GetSecretValue");

            h.SecretsManager.PutSecret(first, "v2");
            h.SecretsManager.PutSecret(second, "v2");
            var ids = new[]
            {
                h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", first)),
                h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", second)),
            };

            // well inside the 30 s visibility timeout a message received by the wrong replica would otherwise wait out
            var within = TimeSpan.FromSeconds(SqsEventSource.VisibilitySeconds / 2);
            await Poll.UntilAsync(() => h.Cluster.Value("default", "first", "value") == "v2" && h.Cluster.Value("default", "second", "value") == "v2",
                "both replicas refreshed their ExternalSecret", within);
            await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 0, "both messages are deleted", within);
            Assert.Equal(reads + 2, h.SecretsManager.CallCount("GetSecretValue"));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(runs);
        }
    }

    [Fact]
    public async Task A_message_only_another_replica_can_handle_is_released_with_a_growing_delay_not_in_a_hot_loop()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        var theirs = KeyInShard(1);
        h.SecretsManager.PutSecret(theirs, "v1");
        h.ExternalSecret("theirs", theirs);
        var replica = ShardedReplicas.Replica(h.Cluster, 0); // shard 1's replica is not running
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => replica.RunAsync(stop.Token));
        try
        {
            await Poll.UntilAsync(() => replica.ChangeEvents.SubscriptionOf("default", "aws") is { Up: true }, "this replica subscribed");
            var reads = h.SecretsManager.CallCount("GetSecretValue");
            var started = DateTime.UtcNow;
            var left = h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", theirs));

            // releases at 0, 1, 2 and 4 s: the fifth receive comes after about 7 s, not after a few milliseconds
            await Poll.UntilAsync(() => h.Sqs.ReceiveCount(SqsEventsHarness.Queue, left) >= 5, "the message was received five times");
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(6), "the releases back off");
            Assert.Equal(1, h.Sqs.Count(SqsEventsHarness.Queue));
            Assert.Equal(reads, h.SecretsManager.CallCount("GetSecretValue"));
            Assert.Null(h.Cluster.TargetSecret("default", "theirs"));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 8)]
    [InlineData(7, 30)]
    [InlineData(40, 30)]
    public void A_released_message_is_visible_at_once_the_first_time_then_after_a_doubling_delay_up_to_the_visibility_timeout(int times, int seconds) =>
        Assert.Equal(seconds, SqsEventSource.ReleaseVisibility(times));
}
