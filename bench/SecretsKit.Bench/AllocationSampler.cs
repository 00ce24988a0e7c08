using System.Diagnostics.Tracing;

namespace SecretsKit.Bench;

/// <summary>
/// The runtime's allocation samples (one event per ~100 KB allocated, naming the type that crossed the mark), counted
/// by type while <see cref="On"/>: where a step's allocations go, without a profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _byType = new(StringComparer.Ordinal);

    public bool On { get; set; }

    /// <summary>The sampled types, most samples first.</summary>
    public IEnumerable<(string Type, long Samples)> Counts()
    {
        lock (_byType) return [.. _byType.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // the GC keyword (0x1) at verbose level carries GCAllocationTick
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!On || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null) return;
        var at = eventData.PayloadNames.IndexOf("TypeName");
        if (at < 0 || eventData.Payload?[at] is not string type) return;
        // AllocationKind 1 is the large object heap, whose allocations count toward gen2 collections
        var kind = eventData.PayloadNames.IndexOf("AllocationKind");
        if (kind >= 0 && eventData.Payload?[kind] is uint and 1) type = "(large object heap) " + type;
        lock (_byType) _byType[type] = _byType.GetValueOrDefault(type) + 1;
    }
}
