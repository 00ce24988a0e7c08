using SecretsKit.Deploy.UnitTest.Snapshots;
using SecretsKit.Deploy.UnitTest.Suites;

using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// Runs a suite's tests against its snapshot file and stores the snapshots it changed: every test is started first (values
/// merged in order, renders side by side), then each is finished in the suite's order, so results, snapshots and
/// <c>--failfast</c> are as if they ran one by one; renders a fail-fast stop leaves unread are cancelled.
/// </summary>
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new List<StartedTest>();
        List<TestResult> results;
        bool passed, failFast;
        int skipped;
        try
        {
            foreach (var test in suite.Tests) started.Add(await tests.StartAsync(TestPlan.Of(suite, test, route, options.ValuesFiles), stop.Token));
            (results, passed, failFast, skipped) = await FinishAsync(started, snapshots, stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await DrainAsync(started);
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

    /// <summary>The started tests finished in order, up to the first failure under <c>--failfast</c>.</summary>
    private async Task<(List<TestResult> Results, bool Passed, bool FailFast, int Skipped)> FinishAsync(List<StartedTest> started, SnapshotCache snapshots,
        CancellationToken cancellationToken)
    {
        var results = new List<TestResult>();
        var (passed, failFast, skipped) = (false, false, 0);
        foreach (var test in started)
        {
            var result = await tests.FinishAsync(test, snapshots, cancellationToken);
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
        return (results, passed, failFast, skipped);
    }

    /// <summary>Waits for every render the suite started (a cancelled or failed one included) before the run's private directory may go.</summary>
    private static async Task DrainAsync(List<StartedTest> started)
    {
        foreach (var test in started)
        {
            if (test.Render is Task render) await render.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
