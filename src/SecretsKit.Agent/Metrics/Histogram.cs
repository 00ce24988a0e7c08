namespace SecretsKit.Agent.Metrics;

/// <summary>A Prometheus histogram's counts (cumulative buckets, sum, count), updated with <see cref="Interlocked"/>.</summary>
internal sealed class Histogram(double[] bounds)
{
    private readonly long[] _buckets = new long[bounds.Length];
    private long _count;
    private long _sumMicros;

    /// <summary>controller-runtime's <c>reconcile_time_seconds</c> buckets (v0.22).</summary>
    public static readonly double[] ReconcileSeconds =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75,
         2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    public void Observe(double seconds)
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (seconds <= bounds[i]) Interlocked.Increment(ref _buckets[i]);
        }
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, (long)(seconds * 1_000_000));
    }

    /// <summary>Writes <c>NAME_bucket</c> (each bound and <c>+Inf</c>), <c>NAME_sum</c> and <c>NAME_count</c> with one label.</summary>
    public void Write(PrometheusText text, string name, string label, string value)
    {
        var count = Interlocked.Read(ref _count);
        for (var i = 0; i < bounds.Length; i++) Bucket(text, name, label, value, bounds[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture), Interlocked.Read(ref _buckets[i]));
        Bucket(text, name, label, value, "+Inf", count);
        text.Open(name + "_sum");
        text.Label(label, value, first: true);
        text.Value(Interlocked.Read(ref _sumMicros) / 1_000_000.0);
        text.Open(name + "_count");
        text.Label(label, value, first: true);
        text.Value(count);
    }

    private static void Bucket(PrometheusText text, string name, string label, string value, string le, long n)
    {
        text.Open(name + "_bucket");
        text.Label(label, value, first: true);
        text.Label("le", le);
        text.Value(n);
    }
}
