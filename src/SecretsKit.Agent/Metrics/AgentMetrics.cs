using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Metrics;

/// <summary>ESO-compatible metrics, written as Prometheus text by hand.</summary>
internal sealed class AgentMetrics(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Ns, string Name), long> _calls = new();
    private readonly ConcurrentDictionary<(string Ns, string Name), long> _errors = new();
    private readonly ConcurrentDictionary<(string Ns, string Name), bool> _ready = new();
    private readonly ConcurrentDictionary<(string Ns, string Name), DateTimeOffset> _lastSync = new();
    private long _drift;

    public void SyncCall(ExternalSecretResource es, bool error, DateTimeOffset now)
    {
        _calls.AddOrUpdate((es.Namespace, es.Name), 1, (_, n) => n + 1);
        if (error) _errors.AddOrUpdate((es.Namespace, es.Name), 1, (_, n) => n + 1);
        else _lastSync[(es.Namespace, es.Name)] = now;
    }

    public void Condition(ExternalSecretResource es, bool ready) => _ready[(es.Namespace, es.Name)] = ready;

    public void DriftRepaired() => Interlocked.Increment(ref _drift);

    public string Render()
    {
        var sb = new StringBuilder();
        Counter(sb, "externalsecret_sync_calls_total", "Total number of ExternalSecret sync calls", _calls);
        Counter(sb, "externalsecret_sync_calls_error", "Total number of ExternalSecret sync errors", _errors);
        sb.Append("# HELP externalsecret_status_condition The status condition of an ExternalSecret\n# TYPE externalsecret_status_condition gauge\n");
        foreach (var ((ns, name), ready) in _ready.OrderBy(k => k.Key))
        {
            foreach (var s in new[] { ConditionStatus.True, ConditionStatus.False })
            {
                var v = (s == ConditionStatus.True) == ready ? 1 : 0;
                sb.Append(CultureInfo.InvariantCulture, $"externalsecret_status_condition{{condition=\"Ready\",name=\"{Esc(name)}\",namespace=\"{Esc(ns)}\",status=\"{Resources.Condition.StatusText(s)}\"}} {v}\n");
            }
        }
        sb.Append("# HELP secretskit_externalsecret_sync_age_seconds Seconds since the last successful sync\n# TYPE secretskit_externalsecret_sync_age_seconds gauge\n");
        var now = time.GetUtcNow();
        foreach (var ((ns, name), at) in _lastSync.OrderBy(k => k.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"secretskit_externalsecret_sync_age_seconds{{name=\"{Esc(name)}\",namespace=\"{Esc(ns)}\"}} {(now - at).TotalSeconds:0.###}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"# HELP secretskit_drift_repairs_total Target secrets restored after manual edits\n# TYPE secretskit_drift_repairs_total counter\nsecretskit_drift_repairs_total {Interlocked.Read(ref _drift)}\n");
        Memory(sb);
        return sb.ToString();
    }

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

    private static void Counter(StringBuilder sb, string name, string help, ConcurrentDictionary<(string Ns, string Name), long> values)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n");
        foreach (var ((ns, n), v) in values.OrderBy(k => k.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name}{{name=\"{Esc(n)}\",namespace=\"{Esc(ns)}\"}} {v}\n");
        }
    }

    private static string Esc(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
