using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The unittest stage: the helm-unittest suites of a release's chart (<c>tests/*_test.yaml</c>, and its unpacked
/// subcharts'), run as <c>secretskit unittest CHART</c> runs them, rendered by the pipeline's helm over the chart's own
/// defaults and each suite's <c>values:</c>/<c>set:</c>, as under the plugin: not with the release's values, so a suite
/// gives the same result in every environment and outside the pipeline, and a chart's suites run once per run however
/// many releases use the chart (a later release is told where its report is). A chart without suites is not a failure.
/// The runner's report is the same text as <c>secretskit unittest</c>'s: on stdout for the <c>unittest</c> verb, and
/// under the stage's failure line on stderr when a suite fails in <c>lint</c> or <c>apply</c>. After an interruption
/// only the interruption is told.
/// </summary>
internal static class UnitTestStage
{
    /// <summary>One chart's suites as run for the first release that reached them.</summary>
    internal sealed record ChartRun(UnitTestResult Result, string Text, string FirstRelease);

    public static async Task<ReleaseResult> RunAsync(ReleaseTarget target, string chart, ReleasePipelineContext context,
        IReadOnlyCollection<string> sensitive, bool report, CancellationToken ct)
    {
        var key = RemoteChart.IsRemote(target.Spec.Chart, context.File.BaseDirectory)
            ? $"{target.Spec.Chart}@{target.Spec.Version}"
            : Path.GetFullPath(chart, context.File.BaseDirectory);
        ChartRun run;
        try
        {
            run = await context.UnitTests.GetOrAdd(key, _ => new Lazy<Task<ChartRun>>(() => RunSuitesAsync(target, chart, context, ct))).Value;
        }
        catch (OperationCanceledException) when (context.Interrupted)
        {
            context.WriteErr($"secretskit: release {target.Id}: unittest interrupted\n");
            throw;
        }
        if (context.Interrupted)
        {
            // a render the signal ended is no failure of the chart: no report
            context.WriteErr($"secretskit: release {target.Id}: unittest interrupted\n");
            return ReleaseResult.Failed;
        }
        var result = run.Result;
        var none = result.Passed && result.Charts.All(c => c.Suites.Count == 0);
        var first = run.FirstRelease == target.Id;
        // the runner never prints a value of a decrypted suite values file; the release's own secrets are redacted too
        var shown = SecretRedactor.Redact(run.Text, sensitive);
        if (report)
        {
            context.WriteOut(none ? $"{target.Id}: no suites ({chart}: nothing matches {UnitTestOptions.DefaultSuiteGlob})\n"
                : first ? shown : $"{target.Id}: the suites of {target.Spec.Chart} ran once, for {run.FirstRelease} above ({(result.Passed ? "passed" : "failed")})\n");
        }
        if (result.Passed) return none ? ReleaseResult.NoSuites : ReleaseResult.Passed;
        context.WriteErr($"secretskit: release {target.Id}: unittest failed"
            + (first ? "\n" + (report ? "" : string.Concat(shown.Trim('\n').Split('\n').Select(l => "  | " + l + "\n")))
                : $" (the suites of {target.Spec.Chart}, reported above for release {run.FirstRelease})\n"));
        return ReleaseResult.Failed;
    }

    private static async Task<ChartRun> RunSuitesAsync(ReleaseTarget target, string chart, ReleasePipelineContext context, CancellationToken ct)
    {
        using var text = new StringWriter();
        var writer = new TextReport(text, color: false);
        var options = new UnitTestOptions(context.Helm.Binary);
        var runner = new UnitTestRunner(context.Helm.Processes, context.Decryption.Engine, context.Decryption.Options, options)
        {
            Progress = (c, s) =>
            {
                if (c is not null) writer.Chart(c);
                if (s is not null) writer.Suite(s);
            },
        };
        var result = await runner.RunAsync([chart], context.File.BaseDirectory, ct);
        writer.Summary(result);
        return new ChartRun(result, text.ToString(), target.Id);
    }
}
