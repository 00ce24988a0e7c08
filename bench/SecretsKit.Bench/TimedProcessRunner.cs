using System.Diagnostics;
using SecretsKit.Core.Platform;

namespace SecretsKit.Bench;

/// <summary>The system process runner, adding up the wall time of every process it runs (side by side ones each count): where a stage's time goes.</summary>
internal sealed class TimedProcessRunner : IProcessRunner
{
    private long _ticks;
    private int _runs;

    public TimeSpan Total => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public int Runs => _runs;

    public void Reset()
    {
        Interlocked.Exchange(ref _ticks, 0);
        Interlocked.Exchange(ref _runs, 0);
    }

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await SystemProcessRunner.Instance.RunAsync(spec, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _runs);
        }
    }
}
