using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The unittest stage: the helm-unittest suites of a release's chart (<c>tests/*_test.yaml</c>, and its unpacked
/// subcharts'), run as <c>secretskit unittest CHART</c> runs them, rendered by the pipeline's helm over the chart's own
/// defaults and each suite's <c>values:</c>/<c>set:</c>, as under the plugin: not with the release's values, so a suite
/// gives the same result in every environment and outside the pipeline. A chart without suites is not a failure. The
/// runner's report is the same text as <c>secretskit unittest</c>'s: on stdout for the <c>unittest</c> verb, and under
/// the stage's failure line on stderr when a suite fails in <c>lint</c> or <c>apply</c>.
/// </summary>
internal static class UnitTestStage
{
    public static async Task<ReleaseResult> RunAsync(ReleaseTarget target, string chart, ReleasePipelineContext context,
        IReadOnlyCollection<string> sensitive, bool report, CancellationToken ct)
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
        // the runner never prints a value of a decrypted suite values file; the release's own secrets are redacted too
        var shown = SecretRedactor.Redact(text.ToString(), sensitive);
        var none = result.Passed && result.Charts.All(c => c.Suites.Count == 0);
        if (report) context.WriteOut(none ? $"{target.Id}: no suites ({chart}: nothing matches {UnitTestOptions.DefaultSuiteGlob})\n" : shown);
        if (result.Passed) return none ? ReleaseResult.NoSuites : ReleaseResult.Passed;
        context.WriteErr($"secretskit: release {target.Id}: unittest failed\n"
            + (report ? "" : string.Concat(shown.Trim('\n').Split('\n').Select(l => "  | " + l + "\n"))));
        return ReleaseResult.Failed;
    }
}
