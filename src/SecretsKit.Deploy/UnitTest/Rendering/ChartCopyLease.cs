namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>A render's hold on a chart copy (<see cref="ChartCopies"/>): the chart directory helm reads, the templates it kept, the folder helm runs in.</summary>
internal sealed class ChartCopyLease(string chart, IReadOnlyList<string> kept, string workingDirectory, Action release) : IDisposable
{
    private int _released;

    public string Chart { get; } = chart;

    public IReadOnlyList<string> Kept { get; } = kept;

    public string WorkingDirectory { get; } = workingDirectory;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) release();
    }
}
