using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
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
        var outputType = new Option<string>("--output-type", "-t")
        {
            Description = $"format of --output-file: {string.Join(", ", UnitTestReports.Names)} (as helm-unittest; any case)",
            DefaultValueFactory = _ => UnitTestReports.Default,
        };
        outputType.Validators.Add(r =>
        {
            if (UnitTestReports.Find(r.GetValueOrDefault<string>()) is null)
                r.AddError($"output type '{r.GetValueOrDefault<string>()}' is not one of {string.Join(", ", UnitTestReports.Names)}");
        });
        var outputFile = new Option<string?>("--output-file", "-o") { Description = "also write the results to this file, in the --output-type format (its folder is created)" };
        var color = new Option<bool>("--color") { Description = "colour the output even when it is not a terminal" };
        var chartTests = new Option<string?>("--chart-tests-path") { Description = "folder, relative to the chart, holding a chart whose templates render test suites" };
        var command = new Command("unittest", "run a chart's helm-unittest suites with the real helm (no plugin)")
            { charts, files, values, update, strict, failFast, subcharts, outputType, outputFile, color, chartTests };
        command.SetAction(async (r, ct) =>
        {
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
            HelmBinary.Require(options.HelmBinary, context.Environment);
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
            report.Summary(result);
            if (r.GetValue(outputFile) is { } output) WriteReport(context, output, UnitTestReports.Find(r.GetValue(outputType)!)!, result);
            return result.Passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// The report file, written after every test ran and the summary was printed (its folder created first, as
    /// helm-unittest does); the format never decides whether tests run.
    /// </summary>
    private static void WriteReport(CliContext context, string output, Action<Stream, UnitTestResult, ReportHost> write, UnitTestResult result)
    {
        var full = Path.GetFullPath(output, context.Environment.CurrentDirectory);
        if (Path.GetDirectoryName(full) is { } folder) Directory.CreateDirectory(folder);
        var host = new ReportHost(context.Time.GetLocalNow(), System.Net.Dns.GetHostName(), context.Environment.CurrentDirectory,
            System.Environment.UserName, OperatingSystem.IsWindows() ? System.Environment.UserDomainName : "");
        context.WriteFile(output, s => write(s, result, host), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
