using System.Globalization;
using SecretsKit.Agent.Metrics;

namespace SecretsKit.Agent.Tests.Metrics;

public sealed class MemoryMetricsTests
{
    [Fact]
    public void Metrics_carry_resident_and_gc_memory_gauges_with_plausible_values()
    {
        GC.Collect();
        var text = new AgentMetrics(TimeProvider.System).Render();

        long Value(string name)
        {
            var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Contains($"# TYPE {name} gauge\n", text, StringComparison.Ordinal);
            return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
        }

        var rss = Value("process_resident_memory_bytes");
        var heap = Value("dotnet_gc_heap_size_bytes");
        Assert.InRange(rss, 1L << 20, 1L << 40);
        Assert.InRange(heap, 1, rss);
        Assert.InRange(Value("dotnet_gc_fragmented_bytes"), 0, heap);
        Assert.InRange(Value("dotnet_gc_committed_bytes"), heap, long.MaxValue);
        Assert.True(Value("dotnet_total_memory_bytes") > 0);
    }
}
