using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Bench.AgentBench.ChangeEvents;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// <c>agentbench --change-events sqs|vault|pubsub|servicebus</c> (issue #51): N ExternalSecrets (ExternalSecret i reads key i mod K, refresh
/// 1 h) on one store annotated <c>secretskit.io/change-events</c>; after the first sync, the subscription and a quiet window
/// as long as the change window (provider reads without any event), C random keys
/// are changed at random moments over the window, each write followed by the provider's event. Per changed key: the time
/// from the write to the moment every Secret of its ExternalSecrets holds the new value (the fake's Secrets are polled
/// every 5 ms while a change is pending), and the provider reads of the whole change phase.
/// </summary>
internal static class ChangeEventsBench
{
    public static readonly string[] Sources = ["sqs", "vault", "pubsub", "servicebus"];

    private const int Seed = 51;

    public static async Task<int> MainAsync(BenchOptions options, string work)
    {
        var result = await RunAsync(options, work);
        var json = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (options.Out is not null) await File.WriteAllTextAsync(options.Out, json + "\n");
        Console.WriteLine(json);
        Console.Error.WriteLine("| source | ExternalSecrets / keys | changed keys (reached every Secret) | write → every Secret p50 / p99 / max | provider reads (per changed key; changed keys read again; other keys) |");
        Console.Error.WriteLine("|---|---|---|---|---|");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result["source"]} | {result["externalsecrets"]!.GetValue<int>():N0} / {result["remote_keys"]!.GetValue<int>():N0} | {result["changes_applied"]} ({result["changes_seen"]}) | "
            + $"{result["change_p50_ms"]} / {result["change_p99_ms"]} / {result["change_max_ms"]} ms | {result["change_reads"]} ({result["reads_per_changed_key"]}; "
            + $"{result["changed_keys_read_more_than_once"]}; {result["change_reads_of_other_keys"]}) |"));
        return result["changes_seen"]!.GetValue<int>() == options.Changes ? 0 : 1;
    }

    private static async Task<JsonObject> RunAsync(BenchOptions options, string work)
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        kube.BookmarkInterval = TimeSpan.FromMinutes(1);
        await using IBenchEventSource source = options.ChangeEvents switch
        {
            "sqs" => await SqsEventsSource.StartAsync(kube, options.Keys),
            "pubsub" => await PubSubEventsSource.StartAsync(kube, options.Keys),
            "servicebus" => await ServiceBusEventsSource.StartAsync(kube, options.Keys, work),
            _ => await VaultEventsSource.StartAsync(kube, options.Keys),
        };
        var kubeconfig = kube.WriteKubeconfig(Path.Combine(work, "kubeconfig"), token: null, Program.Namespace);
        using var agent = Program.StartAgent(options, kubeconfig, Program.FreePort(), new AgentLogs(), environment: source.AgentEnvironment);
        try
        {
            var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            await Program.WaitForLeaseAsync(kube, agent, timeout);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < options.ExternalSecrets; i++)
            {
                kube.Create(FakeResourceType.ExternalSecret, Program.Namespace,
                    Program.ExternalSecret(Program.Name(i), source.KeyName(i % options.Keys), options.RefreshSeconds, source.Store));
            }
            var synced = await Program.WaitForSecretsAsync(kube, agent, clock, options.ExternalSecrets, timeout);
            var firstSync = synced.Where(t => !double.IsNaN(t)).DefaultIfEmpty(double.NaN).Max();
            var firstSyncReads = source.Reads;
            var subscribed = Stopwatch.StartNew();
            while (!source.Subscribed(kube) && subscribed.Elapsed < timeout && !agent.HasExited) await Task.Delay(20);
            if (!source.Subscribed(kube)) throw new InvalidOperationException($"the agent did not subscribe to the {options.ChangeEvents} events");

            // a quiet window as long as the change phase's, measured (not a wait for a condition): the reads no event asked for
            var quietBefore = source.Reads;
            await Task.Delay(TimeSpan.FromSeconds(options.ChangeWindowSeconds));
            var quietReads = source.Reads - quietBefore;
            var phase = await ChangePhaseAsync(options, kube, source, agent);
            var latencies = phase.Latencies;
            return new JsonObject
            {
                ["source"] = options.ChangeEvents,
                ["externalsecrets"] = options.ExternalSecrets,
                ["remote_keys"] = options.Keys,
                ["refresh_s"] = options.RefreshSeconds,
                ["synced"] = synced.Count(t => !double.IsNaN(t)),
                ["full_sync_ms"] = Program.Round(firstSync),
                ["provider_reads_first_sync"] = firstSyncReads,
                ["change_window_s"] = options.ChangeWindowSeconds,
                ["quiet_window_reads"] = quietReads,
                ["changes_applied"] = options.Changes,
                ["changes_seen"] = latencies.Length,
                ["change_p50_ms"] = Program.Round(SteadyState.Percentile(latencies, 0.50)),
                ["change_p99_ms"] = Program.Round(SteadyState.Percentile(latencies, 0.99)),
                ["change_max_ms"] = Program.Round(SteadyState.Percentile(latencies, 1.0)),
                ["write_to_first_read_p50_p99_max_ms"] = Stages(phase.ToFirstRead),
                ["first_read_to_every_secret_p50_p99_max_ms"] = Stages(phase.AfterFirstRead),
                ["change_reads"] = phase.Reads,
                ["change_reads_of_changed_keys"] = phase.ChangedKeyReads,
                ["changed_keys_read_more_than_once"] = phase.ChangedKeysReadAgain,
                ["change_reads_of_other_keys"] = phase.OtherReads,
                ["change_provider_calls"] = phase.Calls,
                ["reads_per_changed_key"] = Math.Round(phase.Reads / (double)options.Changes, 2),
                ["rss_mb_end"] = Program.Round(ProcessMemory.Read(agent.Id).RssMb),
            };
        }
        finally
        {
            if (!agent.HasExited) agent.Kill();
            await agent.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Changes <see cref="BenchOptions.Changes"/> distinct random keys at random moments of the window; returns the
    /// write → last Secret latencies (ms, sorted) and the provider reads and calls from the first write to the last Secret.
    /// </summary>
    private static async Task<ChangePhase> ChangePhaseAsync(BenchOptions options, FakeKubeApiServer kube,
        IBenchEventSource source, Process agent)
    {
        var random = new Random(Seed);
        var keys = Enumerable.Range(0, options.Keys).OrderBy(_ => random.Next()).Take(options.Changes).ToArray();
        var moments = Enumerable.Range(0, keys.Length).Select(_ => random.NextDouble() * options.ChangeWindowSeconds * 1000).Order().ToArray();
        var readsBefore = source.Reads;
        var callsBefore = source.Calls;
        var readKeysBefore = source.ReadKeys().Count;
        var pending = new Dictionary<int, (double WrittenAt, string Value)>();
        var latencies = new List<double>();
        var written = new List<(int Key, DateTime At, double Latency)>();
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromMilliseconds(options.ChangeWindowSeconds * 1000.0) + TimeSpan.FromSeconds(options.TimeoutSeconds);
        var next = 0;
        while ((next < keys.Length || pending.Count > 0) && clock.Elapsed < deadline && !agent.HasExited)
        {
            while (next < keys.Length && clock.Elapsed.TotalMilliseconds >= moments[next])
            {
                var value = "changed-password-" + keys[next].ToString(CultureInfo.InvariantCulture);
                var writtenAt = clock.Elapsed.TotalMilliseconds;
                var writtenUtc = DateTime.UtcNow;
                source.Change(keys[next], value);
                pending[keys[next]] = (writtenAt, value);
                written.Add((keys[next], writtenUtc, double.NaN));
                next++;
            }
            var now = clock.Elapsed.TotalMilliseconds;
            foreach (var (key, (writtenAt, value)) in pending.ToList())
            {
                if (!Readers(options, key).All(name => Program.SecretValue(kube, name, "password") == value)) continue;
                latencies.Add(now - writtenAt);
                var at = written.FindIndex(w => w.Key == key);
                written[at] = written[at] with { Latency = now - writtenAt };
                pending.Remove(key);
            }
            await Task.Delay(5);
        }
        if (pending.Count > 0) Console.Error.WriteLine($"agentbench: {pending.Count} changed keys did not reach every Secret in time");
        latencies.Sort();
        // where the time went: write → the provider's first read of the key (the event's way to the agent and its
        // scheduling), and that read → every Secret (the read, the reconciles and the Secret writes)
        var toRead = new List<double>();
        var afterRead = new List<double>();
        foreach (var (key, at, latency) in written.Where(w => !double.IsNaN(w.Latency)))
        {
            if (source.FirstReadAfter(key, at) is not { } firstRead) continue;
            toRead.Add((firstRead - at).TotalMilliseconds);
            afterRead.Add(latency - (firstRead - at).TotalMilliseconds);
        }
        toRead.Sort();
        afterRead.Sort();
        var changed = keys.ToHashSet();
        var read = source.ReadKeys().Skip(readKeysBefore).ToList();
        return new ChangePhase([.. latencies], [.. toRead], [.. afterRead], source.Reads - readsBefore, source.Calls - callsBefore, read.Count(changed.Contains),
            read.Where(changed.Contains).GroupBy(k => k).Count(g => g.Count() > 1), read.Count(k => !changed.Contains(k)));
    }

    /// <summary>p50 / p99 / max of sorted <paramref name="ms"/>, or null when empty (a source that does not split its latency).</summary>
    private static JsonArray? Stages(double[] ms) => ms.Length == 0 ? null
        : new JsonArray(Program.Round(SteadyState.Percentile(ms, 0.50)), Program.Round(SteadyState.Percentile(ms, 0.99)), Program.Round(SteadyState.Percentile(ms, 1.0)));

    /// <summary>What the change phase measured: latencies (ms, sorted), provider reads and calls, and whose keys were read.</summary>
    private sealed record ChangePhase(double[] Latencies, double[] ToFirstRead, double[] AfterFirstRead, int Reads, int Calls, int ChangedKeyReads, int ChangedKeysReadAgain, int OtherReads);

    /// <summary>The ExternalSecrets reading key <paramref name="key"/> (i mod K == key).</summary>
    private static IEnumerable<string> Readers(BenchOptions options, int key)
    {
        for (var i = key; i < options.ExternalSecrets; i += options.Keys) yield return Program.Name(i);
    }
}
