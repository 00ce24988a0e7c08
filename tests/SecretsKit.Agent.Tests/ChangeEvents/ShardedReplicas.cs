using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Runtime.Sharding;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>Agent replicas of a two-shard deployment on one cluster fake, each owning one shard, and keys that fall into a given shard.</summary>
internal static class ShardedReplicas
{
    public const int Shards = 2;

    /// <summary>The first of <paramref name="candidates"/> whose readers in store <c>default/&lt;store&gt;</c> are in <paramref name="shard"/>.</summary>
    public static string KeyInShard(string store, int shard, Func<int, string> candidates) =>
        Enumerable.Range(0, 100).Select(candidates).First(k => ShardKey.Of($"SecretStore/default/{store}\n{k}", Shards) == shard);

    /// <summary>A replica owning only <paramref name="shard"/>, its change events retried quickly.</summary>
    public static AgentController Replica(AgentCluster c, int shard)
    {
        var owned = new ShardOwnership(Shards, TimeSpan.FromHours(1), c.Time);
        owned.Renewed(shard, c.Time.GetTimestamp());
        return new AgentController(c.Client, AgentCluster.Watching() with
        {
            ChangeEventsRetryInitial = TimeSpan.FromMilliseconds(50), ChangeEventsRetryMax = TimeSpan.FromMilliseconds(200),
        }, c.Providers, new AgentMetrics(c.Time), c.Time, owned);
    }
}
