using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// <c>--failover</c> (a sharded run, <c>--replicas</c> 2 or more): after the first sync, the failover rows.
/// <list type="number">
/// <item>kill -9 of the last replica: seconds until every shard Lease is held by the survivors; then, over one refresh
/// interval plus 30 s, the longest gap between two Vault reads of each remote key (a key's ExternalSecrets are refreshed by
/// that read: they share its shard), so "no ExternalSecret misses its interval by more than 30 s" is the largest gap
/// minus the interval;</item>
/// <item>one value change per key of the killed replica's shards: Secret writes per changed Secret (1 = none twice);</item>
/// <item>a replica added: seconds until the shards are spread over it, and its GETs of single ExternalSecrets or
/// Secrets (0 = shards move without a read per object).</item>
/// </list>
/// Warnings in the survivors' logs are counted by <see cref="AgentLogs"/>.
/// </summary>
internal sealed class Failover(FakeKubeApiServer kube, FakeVaultServer vault, BenchOptions options, AgentLogs logs)
{
    private static readonly Regex SingleObjectGet = new("/(externalsecrets|secrets)/[^/]+$", RegexOptions.CultureInvariant);
    private readonly ConcurrentDictionary<string, List<double>> _reads = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _seenReads;

    private TimeSpan Timeout => TimeSpan.FromSeconds(options.TimeoutSeconds);

    public async Task<JsonObject> RunAsync(List<Process> agents, Func<int, Process> start)
    {
        var shards = Replicas.Shards(options);
        var result = new JsonObject();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleReadsAsync(sampling.Token);

        // 1. kill -9 the last replica
        var victim = $"agentbench-{agents.Count - 1}";
        var warningsBefore = logs.Warnings(except: victim);
        var killedAt = _clock.Elapsed.TotalSeconds;
        agents[^1].Kill();
        await agents[^1].WaitForExitAsync();
        var lost = Replicas.Holders(kube, shards).Select((h, i) => (h, i)).Where(x => x.h == victim).Select(x => x.i).ToList();
        await UntilAsync(() => Replicas.Holders(kube, shards).All(h => !string.IsNullOrEmpty(h) && h != victim), "the survivors hold every shard");
        result["takeover_s"] = Math.Round(_clock.Elapsed.TotalSeconds - killedAt, 1);
        // the window: one refresh interval plus 30 s after the kill (a measured duration, not a wait for a condition)
        await Task.Delay(TimeSpan.FromSeconds(options.RefreshSeconds + 30));
        var gaps = _reads.Values.Select(times => MaxGap(times, killedAt)).ToList();
        result["max_read_gap_s"] = Math.Round(gaps.DefaultIfEmpty(0).Max(), 1);
        result["keys_late_over_30s"] = gaps.Count(g => g > options.RefreshSeconds + 30);
        result["lost_shards"] = lost.Count;
        Console.Error.WriteLine("agentbench: failover after the kill: " + result.ToJsonString());

        // 2. one value change per key: each changed Secret written once
        var mark = kube.Requests.Count;
        var changed = Enumerable.Range(0, Math.Min(options.Keys, 100)).ToList();
        foreach (var k in changed) vault.Kv2Put("secret", Program.KeyPath(k), new Dictionary<string, string>
            {
                ["password"] = "password-" + k.ToString(CultureInfo.InvariantCulture), ["user"] = "failover-" + k.ToString(CultureInfo.InvariantCulture),
            });
        var targets = Enumerable.Range(0, options.ExternalSecrets).Where(i => changed.Contains(i % options.Keys)).Select(Program.Name).ToList();
        await UntilAsync(() => targets.All(n => Program.SecretValue(kube, n, "user")?.StartsWith("failover-", StringComparison.Ordinal) == true), "every changed Secret is written");
        var writes = kube.Requests.Skip(mark).Where(r => r.Method is "PUT" or "PATCH" && r.Path.Contains("/secrets/", StringComparison.Ordinal))
            .GroupBy(r => r.Path).Select(g => g.Count()).ToList();
        result["changed_secrets"] = targets.Count;
        result["max_writes_per_changed_secret"] = writes.DefaultIfEmpty(0).Max();
        Console.Error.WriteLine("agentbench: failover after the value change: " + result.ToJsonString());

        // 3. add a replica
        var joinedIndex = agents.Count;
        var joinedId = $"(agentbench-{joinedIndex.ToString(CultureInfo.InvariantCulture)})";
        var beforeJoin = kube.Requests.Count;
        var joinClock = Stopwatch.StartNew();
        agents.Add(start(joinedIndex));
        var live = agents.Count - 1;
        await UntilAsync(() => Replicas.Holders(kube, shards).Where(h => !string.IsNullOrEmpty(h)).GroupBy(h => h).Count() == Math.Min(live, shards)
            && Replicas.Holders(kube, shards).All(h => !string.IsNullOrEmpty(h) && h != victim), "the shards spread over the added replica");
        result["rebalance_s"] = Math.Round(joinClock.Elapsed.TotalSeconds, 1);
        var joinedRequests = kube.Requests.Skip(beforeJoin).Where(r => r.UserAgent?.Contains(joinedId, StringComparison.Ordinal) == true).ToList();
        result["added_replica_object_gets"] = joinedRequests.Count(r => r.Method == "GET" && SingleObjectGet.IsMatch(r.Path));
        result["added_replica_requests"] = joinedRequests.Count;
        result["survivor_warnings"] = logs.Warnings(except: victim) - warningsBefore;

        await sampling.CancelAsync();
        await sampler;
        return result;
    }

    /// <summary>The longest time between two reads of a key, or from <paramref name="from"/> to its first read, up to now.</summary>
    private double MaxGap(List<double> times, double from)
    {
        double[] snapshot;
        lock (times) snapshot = [.. times];
        var before = snapshot.Where(t => t <= from).DefaultIfEmpty(from).Max();
        var points = snapshot.Where(t => t > from).Prepend(before).Append(_clock.Elapsed.TotalSeconds).ToList();
        return points.Zip(points.Skip(1), (a, b) => b - a).Max();
    }

    /// <summary>Records, every 200 ms, when each remote key's new Vault reads were seen.</summary>
    private async Task SampleReadsAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var requests = vault.Requests;
            var now = _clock.Elapsed.TotalSeconds;
            for (var i = _seenReads; i < requests.Count; i++)
            {
                if (requests[i].Operation != "kv-read") continue;
                var times = _reads.GetOrAdd(requests[i].PathAndQuery.Split('?')[0], _ => []);
                lock (times) times.Add(now);
            }
            _seenReads = requests.Count;
            try
            {
                await Task.Delay(200, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > Timeout) throw new TimeoutException("timed out waiting until " + what);
            await Task.Delay(100);
        }
    }
}

/// <summary>The warning and error lines of each agent's log (the agent logs one JSON object per line).</summary>
internal sealed class AgentLogs
{
    private readonly ConcurrentDictionary<string, int> _warnings = new(StringComparer.Ordinal);

    public void Line(string identity, string line)
    {
        if (line.Contains("\"level\":\"warn\"", StringComparison.Ordinal) || line.Contains("\"level\":\"error\"", StringComparison.Ordinal))
        {
            _warnings.AddOrUpdate(identity, 1, (_, n) => n + 1);
        }
    }

    public int Warnings(string except) => _warnings.Where(kv => kv.Key != except).Sum(kv => kv.Value);
}
