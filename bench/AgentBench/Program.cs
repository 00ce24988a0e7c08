using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// <c>agentbench --agent PATH [--externalsecrets N] [--keys K] [--settle SECONDS] [--timeout SECONDS] [--out FILE]
/// [--refresh SECONDS] [--intervals N] [--creations N] [--replicas R] [--failover true] [--agent-arg ARG]...</c>:
/// the agent at scale. Starts the fake Kubernetes API server and the fake Vault, puts K remote keys in Vault, starts the
/// real <c>secretskit-agent</c> process against the fake API, waits until it leads, then creates N ExternalSecrets
/// (ExternalSecret i reads key i mod K) and records, per ExternalSecret, the time from its creation to its target
/// Secret appearing. Reports the full-sync time, latency percentiles, Vault and API calls, and the agent's resident
/// memory after the sync and after a settle period (steady state, later passes included). With <c>--intervals N</c> it
/// then measures the steady state (<see cref="SteadyState"/>) and prints a table of everything to stderr.
/// </summary>
internal static class Program
{
    internal const string Namespace = "bench";

    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: agentbench --agent PATH [--externalsecrets 1000] [--keys 100] [--settle 15] [--timeout 300] [--out FILE]"
                + " [--refresh SECONDS] [--intervals N] [--creations 100] [--replicas 1] [--failover true] [--agent-arg ARG]..."
                + " [--change-events sqs|vault|pubsub|servicebus [--changes 100] [--change-window 60]]");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("secretskit-agentbench-");
        try
        {
            if (options.ChangeEvents is not null) return await ChangeEventsBench.MainAsync(options, work.FullName);
            var result = await RunAsync(options, work.FullName);
            var json = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            if (options.Out is not null) await File.WriteAllTextAsync(options.Out, json + "\n");
            Console.WriteLine(json);
            if (options.Intervals > 0 && options.Replicas == 1) Console.Error.Write(BenchTable.Render(result));
            return result["synced"]!.GetValue<int>() == options.ExternalSecrets ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<JsonObject> RunAsync(BenchOptions options, string work)
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        // as kube-apiserver's watch cache does (defaultBookmarkFrequency: a minute): a BOOKMARK to every watch that asked
        // for them, so a quiet watch's resourceVersion stays inside the bounded history and re-watching needs no relist
        kube.BookmarkInterval = TimeSpan.FromMinutes(1);
        await using var vault = await VaultWithKeysAsync(options.Keys);
        Setup(kube, vault);
        var kubeconfig = kube.WriteKubeconfig(Path.Combine(work, "kubeconfig"), token: null, Namespace);

        var metricsPort = FreePort();
        var logs = new AgentLogs();
        using var agent = StartAgent(options, kubeconfig, metricsPort, logs);
        // --replicas R: R - 1 more agents (sharded with --agent-arg --shards --agent-arg N), identities agentbench-0..R-1
        var others = Enumerable.Range(1, options.Replicas - 1).Select(i => StartAgent(options, kubeconfig, FreePort(), logs, i)).ToList();
        try
        {
            if (Replicas.Shards(options) > 0) await Replicas.WaitForShardsAsync(kube, Replicas.Shards(options), options.Replicas, TimeSpan.FromSeconds(options.TimeoutSeconds));
            var since = kube.Requests.Count;
            var result = ResultOf(options, await FirstSyncAsync(options, kube, vault, agent));
            foreach (var (k, v) in await GcMemoryAsync(metricsPort)) result[k] = v;
            if (options.Replicas > 1) result["replicas"] = Replicas.Report(kube, since, [agent, .. others]);
            if (options.Intervals > 0 && options.Replicas == 1) await SteadyPhasesAsync(new SteadyState(kube, vault, options, agent), result, agent);
            else if (options.Intervals > 0) await ShardedWindowsAsync(new SteadyState(kube, vault, options, agent), result, [agent, .. others]);
            if (options.Failover && options.Replicas > 1 && Replicas.Shards(options) > 0)
            {
                var all = new List<Process>([agent, .. others]);
                result["failover"] = await new Failover(kube, vault, options, logs).RunAsync(all, i => StartAgent(options, kubeconfig, FreePort(), logs, i));
                others = all.Skip(1).ToList();
            }
            return result;
        }
        finally
        {
            foreach (var process in (Process[])[agent, .. others])
            {
                if (!process.HasExited) process.Kill();
                await process.WaitForExitAsync();
                if (process != agent) process.Dispose();
            }
        }
    }

    /// <summary>What the first sync measured: times (ms), memory at each point, provider and API calls, per-object latencies (sorted).</summary>
    private sealed record FirstSync(TimeSpan LeaderAfter, double CreatedAll, double SyncEnd, double[] Latencies, ProcessMemory Idle,
        ProcessMemory AfterSync, ProcessMemory Settled, int VaultReads, int VaultCalls, JsonObject KubeRequests, int VaultReadsAfterSettle);

    /// <summary>
    /// Waits for the agent to lead, creates every ExternalSecret, waits for every Secret, then for the settle time.
    /// </summary>
    private static async Task<FirstSync> FirstSyncAsync(BenchOptions options, FakeKubeApiServer kube, FakeVaultServer vault, Process agent)
    {
        var started = Stopwatch.StartNew();
        await WaitForLeaseAsync(kube, agent, TimeSpan.FromSeconds(options.TimeoutSeconds));
        var leaderAfter = started.Elapsed;
        var idle = ProcessMemory.Read(agent.Id);
        var kubeRequestsBefore = kube.Requests.Count;
        vault.ResetCounts();

        var clock = Stopwatch.StartNew();
        var created = new double[options.ExternalSecrets];
        for (var i = 0; i < options.ExternalSecrets; i++)
        {
            kube.Create(FakeResourceType.ExternalSecret, Namespace, ExternalSecret(Name(i), KeyPath(i % options.Keys), options.RefreshSeconds));
            created[i] = clock.Elapsed.TotalMilliseconds;
        }
        var createdAll = clock.Elapsed.TotalMilliseconds;

        var synced = await WaitForSecretsAsync(kube, agent, clock, options.ExternalSecrets, TimeSpan.FromSeconds(options.TimeoutSeconds));
        var syncEnd = synced.Where(t => !double.IsNaN(t)).DefaultIfEmpty(double.NaN).Max();
        var afterSync = ProcessMemory.Read(agent.Id);
        var vaultReads = vault.CallCount("kv-read");
        var vaultCalls = vault.TotalCalls;
        var kubeRequests = RequestMix.Report([.. kube.Requests.Skip(kubeRequestsBefore)], options.AgentArgs);

        // the settle window is a measured duration, not a wait for a condition
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
        var settled = ProcessMemory.Read(agent.Id);

        var latencies = Enumerable.Range(0, options.ExternalSecrets)
            .Where(i => !double.IsNaN(synced[i]))
            .Select(i => synced[i] - created[i])
            .Order()
            .ToArray();
        return new FirstSync(leaderAfter, createdAll, syncEnd, latencies, idle, afterSync, settled, vaultReads, vaultCalls, kubeRequests,
            vault.CallCount("kv-read"));
    }

    private static JsonObject ResultOf(BenchOptions options, FirstSync run) => new()
    {
        ["externalsecrets"] = options.ExternalSecrets,
        ["refresh_s"] = options.RefreshSeconds,
        ["agent_args"] = string.Join(' ', options.AgentArgs),
        ["memory_limit_mib"] = options.MemoryLimitMiB,
        ["remote_keys"] = options.Keys,
        ["synced"] = run.Latencies.Length,
        ["agent_leader_after_ms"] = Round(run.LeaderAfter.TotalMilliseconds),
        ["create_all_ms"] = Round(run.CreatedAll),
        ["full_sync_ms"] = Round(run.SyncEnd),
        ["latency_p50_ms"] = Round(Percentile(run.Latencies, 0.50)),
        ["latency_p95_ms"] = Round(Percentile(run.Latencies, 0.95)),
        ["latency_max_ms"] = Round(Percentile(run.Latencies, 1.0)),
        ["vault_kv_reads_first_sync"] = run.VaultReads,
        ["vault_calls_first_sync"] = run.VaultCalls,
        ["vault_kv_reads_total"] = run.VaultReadsAfterSettle,
        ["kube_requests_first_sync"] = run.KubeRequests["requests"]!.GetValue<int>(),
        ["kube_requests_first_sync_mix"] = run.KubeRequests,
        ["threads_after_sync"] = run.AfterSync.Threads,
        ["settle_s"] = options.SettleSeconds,
        ["rss_mb_idle"] = Round(run.Idle.RssMb),
        ["rss_mb_after_sync"] = Round(run.AfterSync.RssMb),
        ["rss_mb_steady"] = Round(run.Settled.RssMb),
        ["rss_mb_peak"] = Round(run.Settled.PeakRssMb),
    };

    /// <summary>
    /// The agent's own GC gauges from its /metrics (MB): live heap, fragmentation, committed. A failed scrape (e.g. an agent
    /// at its memory limit answering 500) is reported as <c>metrics_error</c>, so the run's other measurements are kept.
    /// </summary>
    private static async Task<Dictionary<string, JsonNode?>> GcMemoryAsync(int metricsPort)
    {
        using var http = new HttpClient();
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}/metrics"));
        }
        catch (HttpRequestException e)
        {
            result["metrics_error"] = e.StatusCode is { } code ? $"HTTP {(int)code}" : e.Message;
            return result;
        }
        foreach (var (metric, key) in new[] { ("dotnet_gc_heap_size_bytes", "gc_heap_mb_steady"), ("dotnet_gc_fragmented_bytes", "gc_fragmented_mb_steady"),
                     ("dotnet_gc_committed_bytes", "gc_committed_mb_steady") })
        {
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(metric + " ", StringComparison.Ordinal));
            if (line is not null) result[key] = Round(long.Parse(line[(metric.Length + 1)..], CultureInfo.InvariantCulture) / 1048576.0);
        }
        return result;
    }

    /// <summary>
    /// Several replicas: the steady windows only (reads, GETs and writes of all replicas together per interval; the
    /// Leases apart), then each replica's RSS. The value change and the creations are the failover's and one replica's.
    /// </summary>
    private static async Task ShardedWindowsAsync(SteadyState steady, JsonObject result, IReadOnlyList<Process> agents)
    {
        foreach (var (k, v) in await steady.WindowsAsync()) result[k] = v?.DeepClone();
        result["replicas_rss_mb_after_steady_intervals"] = new JsonArray([.. agents.Select(a => (JsonNode?)Round(ProcessMemory.Read(a.Id).RssMb))]);
    }

    private static async Task SteadyPhasesAsync(SteadyState steady, JsonObject result, Process agent)
    {
        foreach (var (k, v) in await steady.WindowsAsync()) result[k] = v?.DeepClone();
        result["rss_mb_after_steady_intervals"] = Round(ProcessMemory.Read(agent.Id).RssMb);
        foreach (var (k, v) in await steady.ValueChangeAsync(Name, KeyPath)) result[k] = v?.DeepClone();
        var refresh = result["refresh_s"]!.GetValue<int>();
        foreach (var (k, v) in await steady.CreationsAsync((name, key) => ExternalSecret(name, key, refresh), KeyPath)) result[k] = v?.DeepClone();
        var memory = ProcessMemory.Read(agent.Id);
        result["rss_mb_end"] = Round(memory.RssMb);
        result["rss_mb_peak"] = Round(memory.PeakRssMb);
    }

    internal static async Task<FakeVaultServer> VaultWithKeysAsync(int keys)
    {
        var vault = await FakeVaultServer.StartAsync();
        for (var k = 0; k < keys; k++)
        {
            vault.Kv2Put("secret", KeyPath(k), new Dictionary<string, string>
            {
                ["password"] = "made-up-password-" + k.ToString(CultureInfo.InvariantCulture),
                ["user"] = "svc-" + k.ToString(CultureInfo.InvariantCulture),
            });
        }
        return vault;
    }

    /// <summary>The bench namespace, the Vault token and the SecretStore <c>vault</c> (with <paramref name="annotations"/> when given).</summary>
    internal static void Setup(FakeKubeApiServer kube, FakeVaultServer vault, JsonObject? annotations = null)
    {
        kube.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } });
        var metadata = new JsonObject { ["name"] = "vault", ["namespace"] = Namespace };
        if (annotations is not null) metadata["annotations"] = annotations;
        kube.Create(FakeResourceType.Secret, Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "vault-token", ["namespace"] = Namespace },
            ["data"] = new JsonObject { ["token"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(vault.RootToken)) },
        });
        kube.Create(FakeResourceType.SecretStore, Namespace, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "SecretStore",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["provider"] = new JsonObject
                {
                    ["vault"] = new JsonObject
                    {
                        ["server"] = vault.BaseAddress.ToString(),
                        ["path"] = "secret",
                        ["version"] = "v2",
                        ["auth"] = new JsonObject
                        {
                            ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" },
                        },
                    },
                },
            },
        });
    }

    internal static JsonObject ExternalSecret(string name, string key, int refreshSeconds, string store = "vault") => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["refreshInterval"] = refreshSeconds.ToString(CultureInfo.InvariantCulture) + "s",
            ["secretStoreRef"] = new JsonObject { ["name"] = store, ["kind"] = "SecretStore" },
            ["data"] = new JsonArray(
                new JsonObject { ["secretKey"] = "password", ["remoteRef"] = new JsonObject { ["key"] = key, ["property"] = "password" } },
                new JsonObject { ["secretKey"] = "user", ["remoteRef"] = new JsonObject { ["key"] = key, ["property"] = "user" } }),
        },
    };

    internal static Process StartAgent(BenchOptions options, string kubeconfig, int metricsPort, AgentLogs logs, int replica = 0,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(options.Agent)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--namespace", Namespace,
                "--lease-namespace", Namespace,
                "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
            },
        };
        foreach (var arg in options.AgentArgs) psi.ArgumentList.Add(arg);
        psi.Environment["KUBECONFIG"] = kubeconfig;
        psi.Environment["POD_NAMESPACE"] = Namespace;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var identity = options.Replicas > 1 ? "agentbench-" + replica.ToString(CultureInfo.InvariantCulture) : "agentbench";
        psi.Environment["POD_NAME"] = identity;
        // In a container with a memory limit the .NET runtime caps its heap at 75 % of the limit (and sizes the
        // young generation from that cap, not from the CPU's cache). A process started here sees no cgroup limit, so
        // the same cap is passed the way the runtime documents it: hexadecimal, without "0x" (Native AOT ignores
        // the value with the prefix).
        if (options.MemoryLimitMiB > 0)
            psi.Environment["DOTNET_GCHeapHardLimit"] = (options.MemoryLimitMiB * 1024L * 1024 * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {options.Agent}");
        // Drain the agent's log so it never blocks on a full pipe; keep only warnings for the report.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            logs.Line(identity, line);
            if (line.Contains("warn", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine(identity + ": " + line);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) Console.Error.WriteLine("agent: " + line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitForLeaseAsync(FakeKubeApiServer kube, Process agent, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (kube.All(FakeResourceType.Lease).Count == 0)
        {
            if (agent.HasExited) throw new InvalidOperationException($"the agent exited with code {agent.ExitCode} before taking the lease");
            if (deadline.Elapsed > timeout) throw new TimeoutException("the agent did not take the leader lease");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls the fake server's store every 10 ms (every 500 ms while more than 200 are pending); returns, per ExternalSecret, when its Secret was first seen (NaN if never).</summary>
    internal static async Task<double[]> WaitForSecretsAsync(FakeKubeApiServer kube, Process agent, Stopwatch clock, int count, TimeSpan timeout)
    {
        var seen = Enumerable.Repeat(double.NaN, count).ToArray();
        var pending = new HashSet<int>(Enumerable.Range(0, count));
        var deadline = Stopwatch.StartNew();
        while (pending.Count > 0 && deadline.Elapsed < timeout && !agent.HasExited)
        {
            var now = clock.Elapsed.TotalMilliseconds;
            pending.RemoveWhere(i =>
            {
                if (kube.TryGet(FakeResourceType.Secret, Namespace, Name(i)) is null) return false;
                seen[i] = now;
                return true;
            });
            if (pending.Count > 0) await Task.Delay(pending.Count > 200 ? 500 : 10);
        }
        if (pending.Count > 0) Console.Error.WriteLine($"agentbench: {pending.Count} ExternalSecrets were not synced within {timeout.TotalSeconds:0} s");
        return seen;
    }

    internal static string Name(int i) => "es-" + i.ToString("D4", CultureInfo.InvariantCulture);

    internal static string KeyPath(int k) => "bench/key-" + k.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The decoded value of <paramref name="key"/> in the bench namespace's Secret <paramref name="name"/> (null: none).</summary>
    internal static string? SecretValue(FakeKubeApiServer kube, string name, string key) =>
        kube.TryGet(FakeResourceType.Secret, Namespace, name)?["data"]?[key]?.GetValue<string>() is { } b64
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;

    private static double Percentile(double[] sorted, double p) => SteadyState.Percentile(sorted, p);

    internal static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 1);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
