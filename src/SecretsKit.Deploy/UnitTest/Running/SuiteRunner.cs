using SecretsKit.Deploy.UnitTest.Snapshots;
using SecretsKit.Deploy.UnitTest.Suites;

using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>Runs a suite's tests in order against its snapshot file and stores the snapshots it changed.</summary>
internal sealed class SuiteRunner(TestRunner tests, UnitTestOptions options, string workingDirectory)
{
    public async Task<SuiteResult> RunAsync(SuiteDefinition suite, string route, CancellationToken cancellationToken)
    {
        SnapshotCache snapshots;
        try
        {
            snapshots = SnapshotCache.Load(suite.SnapshotFile, options.UpdateSnapshots);
        }
        catch (SuiteException e)
        {
            return SuiteResult.Errored(Path.GetRelativePath(workingDirectory, suite.File), e.Message);
        }
        var results = new List<TestResult>();
        var (passed, failFast, skipped) = (false, false, 0);
        foreach (var test in suite.Tests)
        {
            var result = await tests.RunAsync(TestPlan.Of(suite, test, route, options.ValuesFiles), snapshots, cancellationToken);
            results.Add(result);
            var first = results.Count == 1;
            if (result.Skipped && result.Asserts.Count == 0)
            {
                skipped++;
                if (first) passed = true;
            }
            else passed = (first || passed) && result.Passed;
            if (!passed && options.FailFast)
            {
                failFast = true;
                break;
            }
        }
        var counts = new SnapshotCounts(snapshots.CurrentCount, snapshots.FailedCount, snapshots.InsertedCount, snapshots.VanishedCount);
        var suiteResult = new SuiteResult(suite.Name, Path.GetRelativePath(workingDirectory, suite.File), passed, skipped == suite.Tests.Count, failFast, null, results, counts);
        try
        {
            snapshots.StoreIfNeeded();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return suiteResult with { Passed = false, Error = $"{snapshots.FilePath}: {e.GetType().Name}" };
        }
        return suiteResult;
    }
}
