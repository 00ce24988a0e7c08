using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Metrics;

/// <summary>ESO-compatible metrics, written as Prometheus text by hand.</summary>
internal sealed class AgentMetrics(TimeProvider time)
{
    // one entry per ExternalSecret holding all of its series (four maps cost ~2 MB more at 10,000 ExternalSecrets)
    private readonly ConcurrentDictionary<(string Ns, string Name), ExternalSecretSeries> _series = new();
    private long _drift;

    public void SyncCall(ExternalSecretResource es, bool error, DateTimeOffset now)
    {
        var series = Series(es);
        Interlocked.Increment(ref series.Calls);
        if (error) Interlocked.Increment(ref series.Errors);
        else Interlocked.Exchange(ref series.LastSyncTicks, now.UtcTicks);
    }

    public void Condition(ExternalSecretResource es, bool ready) => Volatile.Write(ref Series(es).Ready, ready ? 1 : 0);

    public void DriftRepaired() => Interlocked.Increment(ref _drift);

    /// <summary>Drops the series of a deleted ExternalSecret (as ESO does), so they neither linger nor grow with churn.</summary>
    public void Forget(string ns, string name) => _series.TryRemove((ns, name), out _);

    public string Render()
    {
        var sb = new StringBuilder();
        var all = _series.OrderBy(k => k.Key).ToList();
        Counter(sb, "externalsecret_sync_calls_total", "Total number of ExternalSecret sync calls", all, s => Interlocked.Read(ref s.Calls));
        Counter(sb, "externalsecret_sync_calls_error", "Total number of ExternalSecret sync errors", all, s => Interlocked.Read(ref s.Errors));
        sb.Append("# HELP externalsecret_status_condition The status condition of an ExternalSecret\n# TYPE externalsecret_status_condition gauge\n");
        foreach (var ((ns, name), series) in all)
        {
            var ready = Volatile.Read(ref series.Ready);
            if (ready < 0) continue;
            foreach (var s in new[] { ConditionStatus.True, ConditionStatus.False })
            {
                var v = (s == ConditionStatus.True) == (ready == 1) ? 1 : 0;
                sb.Append(CultureInfo.InvariantCulture, $"externalsecret_status_condition{{condition=\"Ready\",name=\"{Esc(name)}\",namespace=\"{Esc(ns)}\",status=\"{Resources.Condition.StatusText(s)}\"}} {v}\n");
            }
        }
        sb.Append("# HELP secretskit_externalsecret_sync_age_seconds Seconds since the last successful sync\n# TYPE secretskit_externalsecret_sync_age_seconds gauge\n");
        var now = time.GetUtcNow();
        foreach (var ((ns, name), series) in all)
        {
            var ticks = Interlocked.Read(ref series.LastSyncTicks);
            if (ticks == 0) continue;
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            sb.Append(CultureInfo.InvariantCulture, $"secretskit_externalsecret_sync_age_seconds{{name=\"{Esc(name)}\",namespace=\"{Esc(ns)}\"}} {(now - at).TotalSeconds:0.###}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"# HELP secretskit_drift_repairs_total Target secrets restored after manual edits\n# TYPE secretskit_drift_repairs_total counter\nsecretskit_drift_repairs_total {Interlocked.Read(ref _drift)}\n");
        Memory(sb);
        return sb.ToString();
    }

    private ExternalSecretSeries Series(ExternalSecretResource es) => _series.GetOrAdd((es.Namespace, es.Name), _ => new ExternalSecretSeries());

    /// <summary>Process and GC memory gauges (what an operator needs to size the pod's memory limit).</summary>
    private static void Memory(StringBuilder sb)
    {
        var gc = GC.GetGCMemoryInfo();
        Gauge(sb, "process_resident_memory_bytes", "Resident memory size in bytes", Environment.WorkingSet);
        Gauge(sb, "dotnet_gc_heap_size_bytes", "Managed heap size after the last GC, fragmentation included", gc.HeapSizeBytes);
        Gauge(sb, "dotnet_gc_fragmented_bytes", "Free space inside the managed heap after the last GC", gc.FragmentedBytes);
        Gauge(sb, "dotnet_gc_committed_bytes", "Memory committed by the GC", gc.TotalCommittedBytes);
        Gauge(sb, "dotnet_total_memory_bytes", "Bytes currently thought to be allocated on the managed heap", GC.GetTotalMemory(false));
    }

    private static void Gauge(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private static void Counter(StringBuilder sb, string name, string help, List<KeyValuePair<(string Ns, string Name), ExternalSecretSeries>> all,
        Func<ExternalSecretSeries, long> value)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n");
        foreach (var ((ns, n), series) in all)
        {
            var v = value(series);
            if (v > 0) sb.Append(CultureInfo.InvariantCulture, $"{name}{{name=\"{Esc(n)}\",namespace=\"{Esc(ns)}\"}} {v}\n");
        }
    }

    private static string Esc(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
