using SecretsKit.Agent.Hosting;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// Sharded agents on one Pub/Sub subscription: a message for the other replica's keys gets its ack deadline set to 0
/// (<c>modifyAckDeadline</c>) so the owning replica pulls it at once, not after the subscription's ack deadline, and a
/// message no running replica owns is released with a growing deadline, not in a hot loop.
/// </summary>
public sealed class PubSubShardedChangeEventsTests
{
    private static string KeyInShard(int shard) => ShardedReplicas.KeyInShard("gcp", shard, i => $"key-{i}");

    private static void Reader(PubSubChangeEventsTests.Setup s, string name, string key)
    {
        s.Gcp.AddVersion(key, "v1");
        s.Cluster.ExternalSecret("default", name, AgentCluster.Spec("gcp", refresh: "1h", data: [("value", key, null)]));
    }

    [Fact]
    public async Task Two_sharded_replicas_each_refresh_their_own_key_once_and_a_message_of_the_other_shard_is_pulled_again_well_before_its_ack_deadline()
    {
        await using var s = await PubSubChangeEventsTests.StartAsync();
        s.PubSub.AckDeadline = TimeSpan.FromSeconds(60);
        var (first, second) = (KeyInShard(0), KeyInShard(1));
        Reader(s, "first", first);
        Reader(s, "second", second);
        AgentController[] replicas = [ShardedReplicas.Replica(s.Cluster, 0), ShardedReplicas.Replica(s.Cluster, 1)];
        using var stop = new CancellationTokenSource();
        var runs = replicas.Select(r => Task.Run(() => r.RunAsync(stop.Token))).ToList();
        try
        {
            await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v1" && s.Cluster.Value("default", "second", "value") == "v1", "both synced");
            await Poll.UntilAsync(() => replicas.All(r => r.ChangeEvents.SubscriptionOf("default", "gcp") is { Up: true }), "both replicas subscribed");
            var reads = s.Gcp.CountCalls("access");

            s.Gcp.AddVersion(first, "v2");
            s.Gcp.AddVersion(second, "v2");
            s.PubSub.Publish(PubSubChangeEventsTests.Subscription, s.Event("SECRET_VERSION_ADD", key: first));
            s.PubSub.Publish(PubSubChangeEventsTests.Subscription, s.Event("SECRET_VERSION_ADD", key: second));

            // well inside the 60 s ack deadline a message pulled by the wrong replica would otherwise wait out
            var within = TimeSpan.FromSeconds(20);
            await Poll.UntilAsync(() => s.Cluster.Value("default", "first", "value") == "v2" && s.Cluster.Value("default", "second", "value") == "v2",
                "both replicas refreshed their ExternalSecret", within);
            await Poll.UntilAsync(() => s.PubSub.Count(PubSubChangeEventsTests.Subscription) == 0, "both messages are acknowledged", within);
            Assert.Equal(reads + 2, s.Gcp.CountCalls("access"));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(runs);
        }
    }

    [Fact]
    public async Task A_message_only_another_replica_can_handle_is_released_with_a_growing_ack_deadline_not_in_a_hot_loop()
    {
        await using var s = await PubSubChangeEventsTests.StartAsync();
        s.PubSub.AckDeadline = TimeSpan.FromSeconds(60);
        var theirs = KeyInShard(1);
        Reader(s, "theirs", theirs);
        var replica = ShardedReplicas.Replica(s.Cluster, 0); // shard 1's replica is not running
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => replica.RunAsync(stop.Token));
        try
        {
            await Poll.UntilAsync(() => replica.ChangeEvents.SubscriptionOf("default", "gcp") is { Up: true }, "this replica subscribed");
            var reads = s.Gcp.CountCalls("access");
            var started = DateTime.UtcNow;
            var left = s.PubSub.Publish(PubSubChangeEventsTests.Subscription, s.Event("SECRET_VERSION_ADD", key: theirs));

            // deadlines of 0, 1, 2 and 4 s: the fifth delivery comes after about 7 s, not after a few milliseconds, nor after 60 s
            await Poll.UntilAsync(() => s.PubSub.Deliveries(PubSubChangeEventsTests.Subscription, left) >= 5, "the message was delivered five times",
                TimeSpan.FromSeconds(30));
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(6), "the releases back off");
            Assert.True(s.PubSub.DeadlinesModified >= 4);
            Assert.Equal(1, s.PubSub.Count(PubSubChangeEventsTests.Subscription));
            Assert.Equal(reads, s.Gcp.CountCalls("access"));
            Assert.Null(s.Cluster.TargetSecret("default", "theirs"));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
