namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// Every chart of a run; <see cref="Passed"/> decides the exit code (helm-unittest exits 1 otherwise). <see cref="HelmRenders"/>:
/// helm processes run (distinct inputs); <see cref="ChartCopies"/>: filtered chart copies written for them.
/// </summary>
public sealed record UnitTestResult(IReadOnlyList<ChartResult> Charts, TimeSpan Elapsed, int HelmRenders, int ChartCopies)
{
    public bool Passed => Charts.All(c => c.Passed);
}
