using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>
/// Runs an analysis (<see cref="AnalysisSpec"/>): <c>count</c> measurements <c>interval</c> apart (waited on the
/// <see cref="TimeProvider"/>), each running every check with its <c>timeout</c>; a measurement fails when one check
/// does, and the analysis fails as soon as more than <c>failureLimit</c> measurements failed.
/// </summary>
/// <param name="directory">Where a <c>command</c> runs: the state file's folder.</param>
/// <param name="sensitive">The run's secret values: a command's output is redacted with them.</param>
/// <param name="say">Each measurement's line (progress on stderr).</param>
public sealed class AnalysisRunner(TimeProvider time, IProcessRunner processes, string directory, IReadOnlyCollection<string> sensitive, Action<string> say)
{
    /// <summary>Runs <paramref name="spec"/>; <paramref name="helmTest"/> is the <c>helm test</c> of the release under analysis.</summary>
    public async Task<AnalysisResult> RunAsync(AnalysisSpec spec, Func<CancellationToken, Task<bool>> helmTest, CancellationToken ct)
    {
        var failures = 0;
        CheckResult? failed = null;
        for (var i = 1; i <= spec.Count; i++)
        {
            if (i > 1) await Task.Delay(spec.Interval, time, ct);
            var results = await MeasureAsync(spec, helmTest, ct);
            var bad = results.FirstOrDefault(r => !r.Passed);
            say($"analysis {i}/{spec.Count}: " + string.Join("; ", results.Select(r => (r.Passed ? "pass " : "FAIL ") + r.Check + ": " + r.Detail)) + "\n");
            if (bad is null) continue;
            failures++;
            failed = bad;
            if (failures > spec.FailureLimit) return new AnalysisResult(false, failed, failures, i);
        }
        return new AnalysisResult(true, failed, failures, spec.Count);
    }

    /// <summary>One measurement: every check of the analysis, in the file's order, each within the timeout.</summary>
    private async Task<List<CheckResult>> MeasureAsync(AnalysisSpec spec, Func<CancellationToken, Task<bool>> helmTest, CancellationToken ct)
    {
        var results = new List<CheckResult>();
        if (spec.HelmTest) results.Add(await TimedAsync("helmTest", spec.Timeout, async c => await helmTest(c)
            ? CheckResult.Pass("helmTest", "helm test passed") : CheckResult.Fail("helmTest", "helm test failed"), ct));
        if (spec.Http is { } http) results.Add(await TimedAsync("http", spec.Timeout, c => HttpCheck.RunAsync(http, c), ct));
        if (spec.Prometheus is { } prometheus) results.Add(await TimedAsync("prometheus", spec.Timeout, c => PrometheusCheck.RunAsync(prometheus, c), ct));
        if (spec.Command is { } command) results.Add(await TimedAsync("command", spec.Timeout, c => CommandCheck.RunAsync(command, directory, processes, sensitive, c), ct));
        return results;
    }

    /// <summary>A check bounded by <paramref name="timeout"/>: past it, or when its host cannot be reached, it failed (the run's own cancellation still throws).</summary>
    private async Task<CheckResult> TimedAsync(string check, TimeSpan timeout, Func<CancellationToken, Task<CheckResult>> run, CancellationToken ct)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            return await run(linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return CheckResult.Fail(check, $"no answer within its timeout ({Go.Time.GoDuration.Format(timeout.Ticks * 100)})");
        }
        catch (HttpRequestException e)
        {
            return CheckResult.Fail(check, Core.Errors.Echo.Bounded(e.Message, 300));
        }
    }
}
