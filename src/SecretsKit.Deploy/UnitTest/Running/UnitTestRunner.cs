using System.Diagnostics;
using System.Globalization;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.UnitTest.Rendering;
using SecretsKit.Deploy.UnitTest.Suites;
using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// <c>secretskit unittest CHART…</c>'s engine: each chart's suites (and its unpacked subcharts' with
/// <see cref="UnitTestOptions.WithSubcharts"/>) run in order; values files are decrypted into one private directory
/// for the run, removed at the end (the chart copies renders share live there too); charts render with the real helm,
/// each distinct input once, a suite's renders side by side.
/// </summary>
public sealed class UnitTestRunner(IProcessRunner processes, SopsEngine engine, DecryptOptions decryptOptions, UnitTestOptions options)
{
    /// <summary>Called with each suite's result as it finishes (the text report prints as it goes).</summary>
    public Action<ChartResult?, SuiteResult?>? Progress { get; init; }

    public async Task<UnitTestResult> RunAsync(IReadOnlyList<string> charts, string workingDirectory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var temp = PrivateTempDirectory.Create("secretskit-unittest-");
        var environment = HelmEnvironment.Of(options.Environment);
        using var renderer = new ChartRenderer(processes, options.HelmBinary, temp.Path, environment);
        var postRenderer = new PostRenderer(processes, workingDirectory, options.Environment.Variables.ToDictionary(StringComparer.Ordinal));
        var values = new SuiteValues(engine, decryptOptions, temp.Path);
        var runValues = options.ValuesFiles.SelectMany(v => SuiteFiles.Find(workingDirectory, v)).Select(Path.GetFullPath).ToList();
        var results = new List<ChartResult>();
        foreach (var (chart, index) in charts.Select((c, i) => (c, i)))
        {
            var source = new ChartSource(Path.GetFullPath(chart, workingDirectory), chart, Path.Combine(temp.Path, "packaged-" + index.ToString(CultureInfo.InvariantCulture)));
            var result = await RunChartAsync(source, workingDirectory, (renderer, postRenderer), values, runValues, cancellationToken);
            results.Add(result);
            if (!result.Passed && options.FailFast) break;
        }
        return new UnitTestResult(results, clock.Elapsed, renderer.Renders, renderer.Copies);
    }

    private async Task<ChartResult> RunChartAsync(ChartSource source, string workingDirectory, (ChartRenderer Chart, PostRenderer Post) renderers,
        SuiteValues values, List<string> runValues, CancellationToken cancellationToken)
    {
        var shown = source.Shown;
        string name, directory;
        List<(SuiteDefinition Suite, string Route)> suites;
        var errored = new List<SuiteResult>();
        try
        {
            directory = source.Directory();
            name = ChartName.Read(directory);
            var switches = options.WithSubcharts ? await SwitchesAsync(directory, values, runValues, cancellationToken) : SubchartSwitches.AllEnabled;
            suites = Suites(directory, source.FullPath, (name, []), workingDirectory, errored, switches);
            if (options.ChartTestsPath is { Length: > 0 } testsPath)
                suites.AddRange((await RenderedSuites.ReadAsync(renderers.Chart, source.FullPath, testsPath, options.Strict, cancellationToken)).Select(s => (s, name)));
        }
        catch (Exception e) when (e is SecretsKitException or SuiteException or IOException)
        {
            foreach (var s in errored) Progress?.Invoke(null, s);
            var failed = new ChartResult("", shown, false, e.Message, errored);
            Progress?.Invoke(failed, null);
            return failed;
        }
        var header = new ChartResult(name, shown, true, null, []);
        Progress?.Invoke(header, null);
        var tests = new TestRunner(renderers.Chart, renderers.Post, values, directory, name, options.FailFast);
        var runner = new SuiteRunner(tests, options with { ValuesFiles = runValues }, workingDirectory);
        var results = new List<SuiteResult>();
        foreach (var (suite, route) in suites)
        {
            var result = await runner.RunAsync(suite, route, cancellationToken);
            results.Add(result);
            Progress?.Invoke(null, result);
            if (!result.Passed && !result.Skipped && result.FailFast) break;
        }
        return header with { Passed = results.All(r => r.Passed || r.Skipped), Suites = results };
    }

    /// <summary>
    /// What enables the chart's subcharts: its values.yaml under the run's <c>-v</c> files (decrypted when encrypted); a
    /// values file that cannot be read enables them all (its error is the tests' to report), as helm-unittest does.
    /// </summary>
    private static async Task<SubchartSwitches> SwitchesAsync(string directory, SuiteValues values, List<string> runValues, CancellationToken cancellationToken)
    {
        try
        {
            var read = new List<IReadOnlyDictionary<string, object?>>();
            foreach (var file in runValues) read.Add(await values.ReadAsync(file, cancellationToken));
            return SubchartSwitches.Of(directory, read);
        }
        catch (SecretsKitException)
        {
            return SubchartSwitches.AllEnabled;
        }
    }

    /// <summary>
    /// The suites of the chart in <paramref name="directory"/> and (with subcharts) of its unpacked subcharts, but for those
    /// its <c>condition</c> or <c>tags</c> disable (<see cref="SubchartSwitches"/>; their own subcharts with them); suite
    /// globs apply to <paramref name="suiteBase"/>, the chart's path as given (for a packaged chart, the archive's path, taken
    /// as a folder the way helm-unittest joins paths: only a glob leaving it with <c>..</c> finds files).
    /// </summary>
    private List<(SuiteDefinition, string)> Suites(string directory, string suiteBase, (string Route, string[] ValuesPath) at, string workingDirectory,
        List<SuiteResult> errored, SubchartSwitches switches)
    {
        var route = at.Route;
        var found = new List<(SuiteDefinition, string)>();
        foreach (var file in options.SuiteGlobs.SelectMany(g => SuiteFiles.Find(suiteBase, g)).Distinct(StringComparer.Ordinal))
        {
            try
            {
                found.AddRange(SuiteReader.Read(file, options.Strict).Select(s => (s, route)));
            }
            catch (SuiteException e)
            {
                errored.Add(SuiteResult.Errored(Path.GetRelativePath(workingDirectory, file), e.Message));
                throw;
            }
        }
        if (!options.WithSubcharts || !Directory.Exists(Path.Combine(directory, "charts"))) return found;
        foreach (var sub in Directory.GetDirectories(Path.Combine(directory, "charts")).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(sub, "Chart.yaml")) || !switches.IsEnabled(directory, sub, at.ValuesPath, out var key)) continue;
            found.AddRange(Suites(sub, Path.Combine(suiteBase, "charts", Path.GetFileName(sub)), (route + "/charts/" + Path.GetFileName(sub), [.. at.ValuesPath, key]),
                workingDirectory, errored, switches));
        }
        return found;
    }
}
