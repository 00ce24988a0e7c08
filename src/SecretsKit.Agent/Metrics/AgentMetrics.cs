using System.IO.Pipelines;
using System.Text;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Metrics;

/// <summary>ESO-compatible metrics, written as Prometheus text by hand.</summary>
internal sealed class AgentMetrics(TimeProvider time)
{
    private long _drift;

    /// <summary>
    /// The ExternalSecrets' series, read at each render: they are kept with each ExternalSecret's state (not in a map of
    /// their own here), so a deleted one's series go with it, as ESO drops them.
    /// </summary>
    public Func<IEnumerable<ExternalSecretSeries>> ExternalSecrets { get; set; } = () => [];

    /// <summary>The change-event subscriptions, one series each (<c>secretskit_change_events_up</c>).</summary>
    public Func<IEnumerable<(string Store, string? Namespace, string Source, bool Up)>> ChangeEvents { get; set; } = () => [];

    /// <summary>controller-runtime's reconcile and work-queue metrics, per controller.</summary>
    public ControllerRuntimeMetrics Controllers { get; } = new();

    /// <summary>The status condition and reconcile duration series of the other kinds.</summary>
    public ResourceMetrics Objects { get; } = new();

    /// <summary><c>externalsecret_provider_api_calls_count</c>.</summary>
    public ProviderApiCalls ProviderCalls { get; } = new();

    public void DriftRepaired() => Interlocked.Increment(ref _drift);

    /// <summary>The whole text as a string (tests and small scrapes); <c>/metrics</c> streams it with <see cref="WriteAsync"/>.</summary>
    public string Render()
    {
        using var buffer = new MemoryStream();
        var pipe = PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));
        WriteAsync(pipe, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        pipe.Complete();
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Writes the Prometheus text into <paramref name="output"/> a few kilobytes at a time (flushed as it goes), so a
    /// scrape at 100,000 ExternalSecrets costs a buffer, not a 36 MB string and its copies.
    /// </summary>
    public async ValueTask WriteAsync(PipeWriter output, CancellationToken ct)
    {
        var text = new PrometheusText(output);
        // a plain list sorted in place: after a render with LINQ's OrderBy/ToList, arrays of series were still live in heap
        // dumps (0.3-0.5 MB at 10,000 ExternalSecrets; by all signs kept by the shared array pool)
        var mark = Objects.Mark(); // before the state entries are listed: a duration recorded after it is not dropped
        var all = new List<ExternalSecretSeries>();
        foreach (var series in ExternalSecrets()) all.Add(series);
        all.Sort(static (a, b) => string.CompareOrdinal(a.Namespace, b.Namespace) is var byNamespace and not 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name));
        await CounterAsync(text, "externalsecret_sync_calls_total", "Total number of ExternalSecret sync calls", all, static s => Interlocked.Read(ref s.Calls), ct);
        await CounterAsync(text, "externalsecret_sync_calls_error", "Total number of ExternalSecret sync errors", all, static s => Interlocked.Read(ref s.Errors), ct);
        text.Header("externalsecret_status_condition", "The status condition of an ExternalSecret", "gauge");
        foreach (var series in all)
        {
            var ready = Volatile.Read(ref series.Ready);
            if (ready < 0) continue;
            foreach (var status in (ReadOnlySpan<ConditionStatus>)[ConditionStatus.True, ConditionStatus.False])
            {
                text.Open("externalsecret_status_condition");
                text.Label("condition", "Ready", first: true);
                text.Label("name", series.Name);
                text.Label("namespace", series.Namespace);
                text.Label("status", Condition.StatusText(status));
                text.Value((status == ConditionStatus.True) == (ready == 1) ? 1L : 0L);
            }
            if (text.ShouldFlush) await text.FlushAsync(ct);
        }
        text.Header("secretskit_externalsecret_sync_age_seconds", "Seconds since the last successful sync", "gauge");
        var now = time.GetUtcNow();
        foreach (var series in all)
        {
            var ticks = Interlocked.Read(ref series.LastSyncTicks);
            if (ticks == 0) continue;
            text.Open("secretskit_externalsecret_sync_age_seconds");
            text.Label("name", series.Name, first: true);
            text.Label("namespace", series.Namespace);
            text.Value((now - new DateTimeOffset(ticks, TimeSpan.Zero)).TotalSeconds);
            if (text.ShouldFlush) await text.FlushAsync(ct);
        }
        ProviderCalls.Write(text);
        Objects.Write(text, all, mark);
        Controllers.Write(text);
        await text.FlushAsync(ct);
        text.Header("secretskit_change_events_up", "Whether a store's change-event subscription receives (1) or not (0)", "gauge");
        foreach (var (store, ns, source, up) in ChangeEvents().OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Store, StringComparer.Ordinal))
        {
            text.Open("secretskit_change_events_up");
            text.Label("namespace", ns ?? "", first: true);
            text.Label("source", source);
            text.Label("store", store);
            text.Value(up ? 1L : 0L);
        }
        text.Header("secretskit_drift_repairs_total", "Target secrets restored after manual edits", "counter");
        text.Plain("secretskit_drift_repairs_total", Interlocked.Read(ref _drift));
        Memory(text);
        await text.FlushAsync(ct);
    }

    /// <summary>Process and GC memory gauges (what an operator needs to size the pod's memory limit).</summary>
    private static void Memory(PrometheusText text)
    {
        var gc = GC.GetGCMemoryInfo();
        Gauge(text, "process_resident_memory_bytes", "Resident memory size in bytes", Environment.WorkingSet);
        Gauge(text, "dotnet_gc_heap_size_bytes", "Managed heap size after the last GC, fragmentation included", gc.HeapSizeBytes);
        Gauge(text, "dotnet_gc_fragmented_bytes", "Free space inside the managed heap after the last GC", gc.FragmentedBytes);
        Gauge(text, "dotnet_gc_committed_bytes", "Memory committed by the GC", gc.TotalCommittedBytes);
        Gauge(text, "dotnet_total_memory_bytes", "Bytes currently thought to be allocated on the managed heap", GC.GetTotalMemory(false));
    }

    private static void Gauge(PrometheusText text, string name, string help, long value)
    {
        text.Header(name, help, "gauge");
        text.Plain(name, value);
    }

    private static async ValueTask CounterAsync(PrometheusText text, string name, string help, List<ExternalSecretSeries> all, Func<ExternalSecretSeries, long> value, CancellationToken ct)
    {
        text.Header(name, help, "counter");
        foreach (var series in all)
        {
            var v = value(series);
            if (v <= 0) continue;
            text.Open(name);
            text.Label("name", series.Name, first: true);
            text.Label("namespace", series.Namespace);
            text.Value(v);
            if (text.ShouldFlush) await text.FlushAsync(ct);
        }
    }
}
