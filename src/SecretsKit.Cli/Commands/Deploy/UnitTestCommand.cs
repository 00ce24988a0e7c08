using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>unittest CHART…</c>: runs a chart's helm-unittest suites (<c>tests/*_test.yaml</c>) with the real helm, without
/// the plugin, with helm-unittest's flags and exit code (1 when a suite fails). Values files of suites may be
/// SOPS-encrypted; a failure never prints a value that came from one.
/// </summary>
internal static class UnitTestCommand
{
    public static Command Create(CliContext context)
    {
        var charts = new Argument<string[]>("charts") { Arity = ArgumentArity.OneOrMore, Description = "chart directories" };
        var files = new Option<string[]>("--file", "-f") { Description = $"glob paths of suite files, relative to the chart (repeatable; default {UnitTestOptions.DefaultSuiteGlob})" };
        var values = new Option<string[]>("--values", "-v") { Description = "absolute or glob paths of values files applied to every test, after the suite's own (repeatable; may be SOPS-encrypted)" };
        var update = new Option<bool>("--update-snapshot", "-u") { Description = "rewrite the __snapshot__ files with what renders now" };
        var strict = new Option<bool>("--strict") { Description = "a field helm-unittest does not know in a suite is an error" };
        var failFast = new Option<bool>("--failfast", "-q") { Description = "stop at the first failing test" };
        var subcharts = new Option<bool>("--with-subchart", "-s") { Description = "also run the suites of the unpacked subcharts in charts/ (default true)", DefaultValueFactory = _ => true };
        var outputType = new Option<string>("--output-type", "-t") { Description = "format of --output-file: JUnit", DefaultValueFactory = _ => "XUnit" };
        var outputFile = new Option<string?>("--output-file", "-o") { Description = "write the results to this file (JUnit XML)" };
        var color = new Option<bool>("--color") { Description = "colour the output even when it is not a terminal" };
        var chartTests = new Option<string?>("--chart-tests-path") { Description = "folder, relative to the chart, holding a chart whose templates render test suites" };
        var command = new Command("unittest", "run a chart's helm-unittest suites with the real helm (no plugin)")
            { charts, files, values, update, strict, failFast, subcharts, outputType, outputFile, color, chartTests };
        command.SetAction(async (r, ct) =>
        {
            var output = r.GetValue(outputFile);
            if (output is not null && !string.Equals(r.GetValue(outputType), "JUnit", StringComparison.OrdinalIgnoreCase))
                throw new SecretsKitException(ExitCodes.Generic, $"output type {r.GetValue(outputType)} is not supported", "use -t JUnit");
            var options = new UnitTestOptions(context.Environment.Get("HELM_BIN") is { Length: > 0 } bin ? bin : "helm")
            {
                SuiteGlobs = r.GetValue(files) is { Length: > 0 } f ? f : [UnitTestOptions.DefaultSuiteGlob],
                ValuesFiles = r.GetValue(values) ?? [],
                UpdateSnapshots = r.GetValue(update),
                Strict = r.GetValue(strict),
                FailFast = r.GetValue(failFast),
                WithSubcharts = r.GetValue(subcharts),
                ChartTestsPath = r.GetValue(chartTests),
            };
            var decrypt = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
            using var stdout = new StreamWriter(context.Stdout, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
            var report = new TextReport(stdout, r.GetValue(color));
            var runner = new UnitTestRunner(context.Processes, context.Engine, decrypt, options)
            {
                Progress = (chart, suite) =>
                {
                    if (chart is not null) report.Chart(chart);
                    if (suite is not null) report.Suite(suite);
                },
            };
            var result = await runner.RunAsync(r.GetValue(charts)!, context.Environment.CurrentDirectory, ct);
            if (output is not null)
                context.WriteFile(output, s => JUnitReport.Write(s, result, System.Net.Dns.GetHostName(), context.Time.GetUtcNow()), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            report.Summary(result);
            return result.Passed ? 0 : 1;
        });
        return command;
    }
}
