using System.Formats.Tar;
using System.IO.Compression;
using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>
/// A packaged chart (<c>helm package</c>'s <c>.tgz</c>, made by the real helm) as the CHART argument, as helm-unittest
/// v1.1.0 runs it: the archive is unpacked into the run's private directory and rendered from there; the suite globs are
/// joined to the archive's path as to a folder (so the archive's own <c>tests/</c> never run, and
/// <c>../../suites/*_test.yaml</c> finds suites beside it, whose snapshots are kept beside them); the chart's name comes
/// from its Chart.yaml. A hostile archive is the chart's error, and the run fails.
/// </summary>
public sealed class PackagedChartTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    private const string ExternalSuite = """
        suite: packaged deployment
        templates: [deployment.yaml]
        tests:
          - it: renders the packaged chart
            set:
              replicas: 4
            asserts:
              - equal:
                  path: spec.replicas
                  value: 4
              - equal:
                  path: metadata.labels.chart
                  value: app-0.1.0
              - matchSnapshot:
                  path: spec.template.spec.containers[0].image
        """;

    private async Task<string> PackageAsync(string helm)
    {
        var dist = Path.Combine(_chart.Directory, "dist");
        var packed = await ProcessRun.RunAsync(helm, ["package", _chart.Chart, "-d", dist], null, null, _chart.Directory, TimeSpan.FromMinutes(2));
        Assert.True(packed.ExitCode == 0, packed.Stderr);
        return Path.Combine(dist, "app-0.1.0.tgz");
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Suites_beside_a_packaged_chart_run_against_it_and_its_own_tests_do_not(string version)
    {
        using var helm = new RealHelm(version: version);
        _chart.Write("tests/fails_test.yaml", "suite: inside the archive\ntemplates: [deployment.yaml]\ntests:\n  - it: fails\n    asserts:\n      - hasDocuments:\n          count: 7\n");
        var archive = await PackageAsync(helm.HelmPath);
        Directory.Delete(_chart.Chart, recursive: true); // only the archive is left
        var suite = Path.Combine(_chart.Directory, "suites", "deployment_test.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(suite)!);
        File.WriteAllText(suite, ExternalSuite);

        var (result, text) = await _chart.RunAsync(new UnitTestOptions(helm.HelmPath) { SuiteGlobs = ["../../suites/*_test.yaml"] }, charts: [archive]);

        Assert.True(result.Passed, text);
        Assert.Contains($"### Chart [ app ] {archive}", text, StringComparison.Ordinal);
        Assert.Contains(" PASS  packaged deployment\tsuites/deployment_test.yaml", text, StringComparison.Ordinal);
        Assert.DoesNotContain("inside the archive", text, StringComparison.Ordinal);
        Assert.Contains("Tests:       1 passed, 1 total", text, StringComparison.Ordinal);
        Assert.Contains("nginx:1.27", File.ReadAllText(Path.Combine(_chart.Directory, "suites", "__snapshot__", "deployment_test.yaml.snap")), StringComparison.Ordinal);

        var (alone, aloneText) = await _chart.RunAsync(new UnitTestOptions(helm.HelmPath), charts: [archive]);
        Assert.True(alone.Passed, aloneText);
        Assert.Contains("Test Suites: 0 passed, 0 total", aloneText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_archive_is_the_charts_error_and_fails_the_run()
    {
        var archive = Path.Combine(_chart.Directory, "evil-0.1.0.tgz");
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "evil/Chart.yaml") { DataStream = new MemoryStream("apiVersion: v2\nname: evil\nversion: 0.1.0\n"u8.ToArray()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "evil/../../planted.yaml") { DataStream = new MemoryStream("x: 1\n"u8.ToArray()) });
        }

        var (result, text) = await _chart.RunAsync(charts: [archive, _chart.Chart]);

        Assert.False(result.Passed);
        Assert.Contains($"### Error:  {archive}: chart illegally references parent directory (evil/../../planted.yaml)", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_chart.Directory, "planted.yaml")));
        Assert.Contains("### Chart [ app ]", text, StringComparison.Ordinal); // the next chart still runs
    }
}
