using System.Diagnostics;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.UnitTest.Rendering;
using SecretsKit.Deploy.UnitTest.Suites;
using SecretsKit.Templates.Yaml;

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
        foreach (var chart in charts)
        {
            var result = await RunChartAsync(Path.GetFullPath(chart, workingDirectory), chart, workingDirectory, (renderer, postRenderer), values, runValues,
                cancellationToken);
            results.Add(result);
            if (!result.Passed && options.FailFast) break;
        }
        return new UnitTestResult(results, clock.Elapsed, renderer.Renders, renderer.Copies);
    }

    private async Task<ChartResult> RunChartAsync(string directory, string shown, string workingDirectory, (ChartRenderer Chart, PostRenderer Post) renderers,
        SuiteValues values, List<string> runValues,
        CancellationToken cancellationToken)
    {
        string name;
        List<(SuiteDefinition Suite, string Route)> suites;
        var errored = new List<SuiteResult>();
        try
        {
            name = ChartName(directory);
            suites = Suites(directory, name, workingDirectory, errored);
            if (options.ChartTestsPath is { Length: > 0 } testsPath)
                suites.AddRange((await RenderedSuites.ReadAsync(renderers.Chart, directory, testsPath, options.Strict, cancellationToken)).Select(s => (s, name)));
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

    private List<(SuiteDefinition, string)> Suites(string directory, string route, string workingDirectory, List<SuiteResult> errored)
    {
        var found = new List<(SuiteDefinition, string)>();
        foreach (var file in options.SuiteGlobs.SelectMany(g => SuiteFiles.Find(directory, g)).Distinct(StringComparer.Ordinal))
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
            if (!File.Exists(Path.Combine(sub, "Chart.yaml"))) continue;
            found.AddRange(Suites(sub, route + "/charts/" + Path.GetFileName(sub), workingDirectory, errored));
        }
        return found;
    }

    /// <summary>The chart's name from its Chart.yaml (an error when missing or unsafe as a path part).</summary>
    internal static string ChartName(string directory)
    {
        var file = Path.Combine(directory, "Chart.yaml");
        if (!File.Exists(file)) throw new SecretsKitException(ExitCodes.Generic, $"Chart.yaml file is missing in {directory}");
        var meta = TemplateYaml.Read(BoundedFile.ReadText(file, file)) as IReadOnlyDictionary<string, object?>;
        if (meta?.GetValueOrDefault("name") is not string { Length: > 0 } name || name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
            throw new SecretsKitException(ExitCodes.Generic, $"validation: chart.metadata.name is required ({file})");
        return name;
    }
}
