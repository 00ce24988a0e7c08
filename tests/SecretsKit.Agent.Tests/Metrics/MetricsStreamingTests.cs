using System.IO.Pipelines;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> is written into the response a few kilobytes at a time: at 100,000 ExternalSecrets the text is about
/// 36 MB, and building it as one string made the scrape fail with 500 in an agent under a container's memory limit.
/// </summary>
public sealed class MetricsStreamingTests
{
    /// <summary>A response body that records how the text reaches it.</summary>
    private sealed class RecordingStream : Stream
    {
        public MemoryStream Received { get; } = new();

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Received.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static AgentMetrics WithSeries(int count, DateTimeOffset now)
    {
        var all = new List<ExternalSecretSeries>(count);
        for (var i = count - 1; i >= 0; i--)
        {
            var series = new ExternalSecretSeries(i % 2 == 0 ? "team-a" : "team-b", $"es-{i:D6}");
            series.SyncCall(error: i % 10 == 0, now.AddSeconds(-1.5));
            series.Condition(ready: i % 10 != 0);
            all.Add(series);
        }
        return new AgentMetrics(new FixedTime(now)) { ExternalSecrets = () => all };
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_scrape_of_20000_series_reaches_the_response_in_small_flushes_with_every_line()
    {
        var now = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
        var metrics = WithSeries(20_000, now);
        var body = new RecordingStream();
        var pipe = PipeWriter.Create(body);

        await metrics.WriteAsync(pipe, CancellationToken.None);
        await pipe.CompleteAsync();

        var text = System.Text.Encoding.UTF8.GetString(body.Received.ToArray());
        Assert.True(text.Length > 4_000_000, $"{text.Length} characters");
        Assert.True(body.Writes > 50, $"{body.Writes} writes");
        Assert.InRange(body.LargestWrite, 1, 128 * 1024);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20_000, lines.Count(l => l.StartsWith("externalsecret_sync_calls_total{", StringComparison.Ordinal)));
        Assert.Equal(2_000, lines.Count(l => l.StartsWith("externalsecret_sync_calls_error{", StringComparison.Ordinal)));
        Assert.Equal(40_000, lines.Count(l => l.StartsWith("externalsecret_status_condition{", StringComparison.Ordinal)));
        Assert.Contains("externalsecret_sync_calls_total{name=\"es-000000\",namespace=\"team-a\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("externalsecret_status_condition{condition=\"Ready\",name=\"es-000010\",namespace=\"team-a\",status=\"False\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("secretskit_externalsecret_sync_age_seconds{name=\"es-000001\",namespace=\"team-b\"} 1.5\n", text, StringComparison.Ordinal);
        // sorted by namespace, then name, whatever order the entries came in
        var calls = lines.Where(l => l.StartsWith("externalsecret_sync_calls_total{", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("externalsecret_sync_calls_total{name=\"es-000000\",namespace=\"team-a\"}", calls[0], StringComparison.Ordinal);
        Assert.StartsWith("externalsecret_sync_calls_total{name=\"es-019999\",namespace=\"team-b\"}", calls[^1], StringComparison.Ordinal);
        // the string form for tests is the same text (up to the memory gauges, which move between two renders)
        static string Series(string t) => t[..t.IndexOf("# HELP process_resident_memory_bytes", StringComparison.Ordinal)];
        Assert.Equal(Series(text), Series(metrics.Render()));
    }

    [Fact]
    public void Label_values_are_escaped_as_the_text_format_says()
    {
        var series = new ExternalSecretSeries("ns", "a\"b\\c\nd");
        series.SyncCall(error: false, DateTimeOffset.UnixEpoch);
        var metrics = new AgentMetrics(TimeProvider.System) { ExternalSecrets = () => [series] };

        Assert.Contains("externalsecret_sync_calls_total{name=\"a\\\"b\\\\c\\nd\",namespace=\"ns\"} 1\n", metrics.Render(), StringComparison.Ordinal);
    }
}
