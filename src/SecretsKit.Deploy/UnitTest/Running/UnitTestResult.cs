namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>Every chart of a run; <see cref="Passed"/> decides the exit code (helm-unittest exits 1 otherwise).</summary>
public sealed record UnitTestResult(IReadOnlyList<ChartResult> Charts, TimeSpan Elapsed, int HelmRenders)
{
    public bool Passed => Charts.All(c => c.Passed);
}
