using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Reconcile.Sharding;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>Sharded agents: each replica subscribes, and refreshes only the ExternalSecrets of its own shards.</summary>
public sealed class SqsShardedChangeEventsTests
{
    private const int Shards = 2;

    private static string KeyInShard(int shard) =>
        Enumerable.Range(0, 100).Select(i => $"app/key-{i}").First(k => ShardKey.Of($"SecretStore/default/aws\n{k}", Shards) == shard);

    [Fact]
    public async Task An_event_for_a_key_of_another_replicas_shard_is_not_read_here_and_its_message_is_left_for_that_replica()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        var mine = KeyInShard(0);
        var theirs = KeyInShard(1);
        h.SecretsManager.PutSecret(mine, "v1");
        h.SecretsManager.PutSecret(theirs, "v1");
        h.ExternalSecret("mine", mine);
        h.ExternalSecret("theirs", theirs);
        var owned = new ShardOwnership(Shards, TimeSpan.FromHours(1), h.Cluster.Time);
        owned.Renewed(0, h.Cluster.Time.GetTimestamp());
        var replica = new AgentController(h.Cluster.Client, AgentCluster.Watching() with
        {
            ChangeEventsRetryInitial = TimeSpan.FromMilliseconds(50), ChangeEventsRetryMax = TimeSpan.FromMilliseconds(200),
        }, h.Cluster.Providers, new AgentMetrics(h.Cluster.Time), h.Cluster.Time, owned);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => replica.RunAsync(stop.Token));
        try
        {
            await Poll.UntilAsync(() => h.Cluster.Value("default", "mine", "value") == "v1", "this replica synced its ExternalSecret");
            await Poll.UntilAsync(() => replica.ChangeEvents.SubscriptionOf("default", "aws") is { Up: true }, "this replica subscribed");
            Assert.Null(h.Cluster.TargetSecret("default", "theirs"));
            var reads = h.SecretsManager.CallCount("GetSecretValue");

            h.SecretsManager.PutSecret(theirs, "v2");
            h.SecretsManager.PutSecret(mine, "v2");
            var left = h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", theirs));
            h.Sqs.SendMessage(SqsEventsHarness.Queue, SqsEventsHarness.ApiCall("PutSecretValue", mine));

            await Poll.UntilAsync(() => h.Cluster.Value("default", "mine", "value") == "v2", "this replica's ExternalSecret has v2");
            await Poll.UntilAsync(() => h.Sqs.Count(SqsEventsHarness.Queue) == 1, "only this replica's message is deleted");
            Assert.Equal(reads + 1, h.SecretsManager.CallCount("GetSecretValue"));
            Assert.Equal(1, h.Sqs.ReceiveCount(SqsEventsHarness.Queue, left));
            Assert.Null(h.Cluster.TargetSecret("default", "theirs"));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
