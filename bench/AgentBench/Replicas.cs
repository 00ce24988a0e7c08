using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// <c>--replicas R</c> (with <c>--agent-arg --shards --agent-arg N</c>): the extra agent processes of a sharded run, the
/// wait until every shard Lease is held by the R replicas, and what each replica did in the first sync: its share of
/// the ExternalSecret status writes (attributed by the identity in its User-Agent) and its resident memory.
/// </summary>
internal static class Replicas
{
    /// <summary>The <c>--shards</c> value among the agent arguments (0 = not sharded).</summary>
    public static int Shards(BenchOptions options)
    {
        var i = options.AgentArgs.ToList().IndexOf("--shards");
        return i >= 0 && i + 1 < options.AgentArgs.Count ? int.Parse(options.AgentArgs[i + 1], CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The holder of each shard Lease (null: absent or unheld).</summary>
    public static IReadOnlyList<string?> Holders(FakeKubeApiServer kube, int shards) =>
        [.. Enumerable.Range(0, shards)
            .Select(i => kube.TryGet(FakeResourceType.Lease, "bench", "secretskit-agent-shard-" + i.ToString(CultureInfo.InvariantCulture))?["spec"]?["holderIdentity"]?.GetValue<string>())];

    /// <summary>Waits until every shard Lease is held and each of the <paramref name="replicas"/> holds one at least.</summary>
    public static async Task WaitForShardsAsync(FakeKubeApiServer kube, int shards, int replicas, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var holders = Holders(kube, shards);
            if (holders.All(h => !string.IsNullOrEmpty(h)) && holders.Distinct().Count() == Math.Min(replicas, shards)) return;
            if (deadline.Elapsed > timeout) throw new TimeoutException("the replicas did not share the shard leases");
            await Task.Delay(50);
        }
    }

    /// <summary>Per replica: the share of status writes since <paramref name="since"/> and the RSS now.</summary>
    public static JsonArray Report(FakeKubeApiServer kube, int since, IReadOnlyList<Process> agents)
    {
        var writes = kube.Requests.Skip(since)
            .Where(r => r.Method is "PATCH" or "PUT" && r.Path.Contains("/externalsecrets/", StringComparison.Ordinal) && r.Path.EndsWith("/status", StringComparison.Ordinal))
            .ToList();
        var report = new JsonArray();
        for (var i = 0; i < agents.Count; i++)
        {
            var id = $"(agentbench-{i.ToString(CultureInfo.InvariantCulture)})";
            var mine = writes.Count(r => r.UserAgent?.Contains(id, StringComparison.Ordinal) == true);
            report.Add(new JsonObject
            {
                ["replica"] = i,
                ["status_writes"] = mine,
                ["share_pct"] = writes.Count == 0 ? 0 : Math.Round(100.0 * mine / writes.Count, 1),
                ["rss_mb"] = Math.Round(ProcessMemory.Read(agents[i].Id).RssMb, 1),
            });
        }
        return report;
    }
}
