using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// The phases after the first full sync: steady refresh windows (Vault reads and API requests per interval), one
/// provider value change (which Secrets are written), and new ExternalSecrets created while the rest are steady
/// (creation → Secret latency).
/// </summary>
internal sealed class SteadyState(FakeKubeApiServer kube, FakeVaultServer vault, BenchOptions options, Process agent)
{
    private TimeSpan Interval => TimeSpan.FromSeconds(options.RefreshSeconds);

    /// <summary>One warm-up interval, then <see cref="BenchOptions.Intervals"/> windows of one interval each.</summary>
    public async Task<JsonObject> WindowsAsync()
    {
        await Task.Delay(Interval);
        var reads = new JsonArray();
        var gets = new JsonArray();
        var writes = new JsonArray();
        var statusPatches = new JsonArray();
        var leaseRequests = new JsonArray();
        var getPaths = new JsonArray();
        for (var w = 0; w < options.Intervals && !agent.HasExited; w++)
        {
            var readsBefore = vault.CallCount("kv-read");
            var requestsBefore = kube.Requests.Count;
            await Task.Delay(Interval);
            var during = kube.Requests.Skip(requestsBefore).ToList();
            reads.Add(vault.CallCount("kv-read") - readsBefore);
            // the leader Lease is renewed every 2 s (a GET and a PUT, as client-go's leader election does): counted apart
            var lease = during.Where(r => r.Path.Contains("/leases/", StringComparison.Ordinal)).ToList();
            during = [.. during.Except(lease)];
            leaseRequests.Add(lease.Count);
            var plainGets = during.Where(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal)).ToList();
            gets.Add(plainGets.Count);
            foreach (var g in plainGets) getPaths.Add($"interval {w + 1}: {g.Path}{g.Query} -> {g.StatusCode}");
            writes.Add(during.Count(r => r.Method != "GET"));
            statusPatches.Add(during.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/status", StringComparison.Ordinal)));
        }
        return new JsonObject
        {
            ["vault_reads_per_interval"] = reads,
            ["api_gets_per_interval"] = gets,
            ["api_writes_per_interval"] = writes,
            ["status_patches_per_interval"] = statusPatches,
            ["lease_requests_per_interval"] = leaseRequests,
            ["api_get_requests"] = getPaths,
        };
    }

    /// <summary>Changes key 0 in Vault and waits two intervals: which Secrets were written, how often each.</summary>
    public async Task<JsonObject> ValueChangeAsync(Func<int, string> name, Func<int, string> keyPath)
    {
        var requestsBefore = kube.Requests.Count;
        vault.Kv2Put("secret", keyPath(0), new Dictionary<string, string> { ["password"] = "changed-password-0", ["user"] = "svc-0" });
        var users = Enumerable.Range(0, options.ExternalSecrets).Where(i => i % options.Keys == 0).Select(name).ToHashSet(StringComparer.Ordinal);
        await Task.Delay(2 * Interval);
        var secretWrites = kube.Requests.Skip(requestsBefore)
            .Where(r => r.Method is "PUT" or "PATCH" or "POST" && r.Path.StartsWith("/api/v1/namespaces/bench/secrets", StringComparison.Ordinal))
            .Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..])
            .ToList();
        var updated = users.Count(n => kube.TryGet(FakeResourceType.Secret, "bench", n)?["data"]?["password"]?.GetValue<string>()
            == Convert.ToBase64String("changed-password-0"u8.ToArray()));
        return new JsonObject
        {
            ["value_change_users"] = users.Count,
            ["value_change_secrets_updated"] = updated,
            ["value_change_secret_writes"] = secretWrites.Count,
            ["value_change_secrets_written_once"] = secretWrites.GroupBy(n => n).Count(g => g.Count() == 1 && users.Contains(g.Key)),
            ["value_change_other_secret_writes"] = secretWrites.Count(n => !users.Contains(n)),
        };
    }

    /// <summary>Creates new ExternalSecrets one after another (every 100 ms) and measures creation → Secret.</summary>
    public async Task<JsonObject> CreationsAsync(Func<string, string, JsonObject> externalSecret, Func<int, string> keyPath)
    {
        var clock = Stopwatch.StartNew();
        var created = new Dictionary<string, double>(StringComparer.Ordinal);
        var latencies = new List<double>();
        var pending = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        var deadline = Stopwatch.StartNew();
        while ((next < options.Creations || pending.Count > 0) && deadline.Elapsed < TimeSpan.FromSeconds(options.TimeoutSeconds) && !agent.HasExited)
        {
            if (next < options.Creations && clock.Elapsed.TotalMilliseconds >= next * 100)
            {
                var n = "new-" + next.ToString("D3", CultureInfo.InvariantCulture);
                kube.Create(FakeResourceType.ExternalSecret, "bench", externalSecret(n, keyPath(next % options.Keys)));
                created[n] = clock.Elapsed.TotalMilliseconds;
                pending.Add(n);
                next++;
            }
            var now = clock.Elapsed.TotalMilliseconds;
            pending.RemoveWhere(n =>
            {
                if (kube.TryGet(FakeResourceType.Secret, "bench", n) is null) return false;
                latencies.Add(now - created[n]);
                return true;
            });
            await Task.Delay(5);
        }
        latencies.Sort();
        return new JsonObject
        {
            ["creations"] = options.Creations,
            ["creations_synced"] = latencies.Count,
            ["creation_latency_p50_ms"] = Math.Round(Percentile(latencies, 0.50), 1),
            ["creation_latency_p99_ms"] = Math.Round(Percentile(latencies, 0.99), 1),
            ["creation_latency_max_ms"] = Math.Round(Percentile(latencies, 1.0), 1),
        };
    }

    internal static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
