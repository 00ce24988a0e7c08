namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>One suite's outcome (or the error that kept it from running), with its snapshot counts.</summary>
public sealed record SuiteResult(string Name, string File, bool Passed, bool Skipped, bool FailFast, string? Error, IReadOnlyList<TestResult> Tests,
    SnapshotCounts Snapshots)
{
    public static SuiteResult Errored(string file, string error) => new("", file, false, false, false, error, [], new SnapshotCounts(0, 0, 0, 0));
}
