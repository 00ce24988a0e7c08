using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>
/// <c>--chart-tests-path</c> as helm-unittest reads it, on the real helm 3.10.1 and 4.1.4: a chart inside the chart
/// renders suites (under helm-unittest's release <c>TEST-SUITE-RELEASE</c> in <c>NAMESPACE</c>), each document one
/// suite read as if from its template's file, snapshots numbered beside it; a suite without a name, or a template that
/// renders none, fails the chart in helm-unittest's words; no such folder, no rendered suites.
/// </summary>
public sealed class ChartTestsPathTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    private void TestsChart(string template)
    {
        _chart.Write("tests-chart/Chart.yaml", "apiVersion: v2\nname: unit-tests\nversion: 0.1.0\n");
        _chart.Write("tests-chart/values.yaml", "replicas: [3, 5]\n");
        _chart.Write("tests-chart/templates/replicas_test.yaml", template);
    }

    private const string Suites = """
        {{- range $n := .Values.replicas }}
        ---
        suite: replicas {{ $n }} in {{ $.Release.Namespace }} for {{ $.Release.Name }}
        templates: [deployment.yaml]
        tests:
          - it: sets the replica count
            set:
              replicas: {{ $n }}
            asserts:
              - equal:
                  path: spec.replicas
                  value: {{ $n }}
              - matchSnapshot:
                  path: spec.replicas
        {{- end }}
        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Suites_rendered_by_the_tests_chart_run_with_snapshots_beside_their_template(string version)
    {
        TestsChart(Suites);
        using var helm = new RealHelm(version: version);
        var (result, text) = await _chart.RunAsync(new UnitTestOptions(helm.HelmPath) { ChartTestsPath = "tests-chart" });

        Assert.True(result.Passed, text);
        Assert.Contains("PASS  replicas 3 in NAMESPACE for TEST-SUITE-RELEASE\tapp/tests-chart/templates/replicas_test.yaml", text, StringComparison.Ordinal);
        Assert.Contains("PASS  replicas 5 in NAMESPACE for TEST-SUITE-RELEASE\tapp/tests-chart/templates/replicas_test.yaml", text, StringComparison.Ordinal);
        Assert.Contains("Tests:       2 passed, 2 total", text, StringComparison.Ordinal);
        var snapshots = Path.Combine(_chart.Chart, "tests-chart", "templates", "__snapshot__");
        Assert.Equal(["replicas_test.yaml_0.snap", "replicas_test.yaml_1.snap"],
            Directory.GetFiles(snapshots).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("5", File.ReadAllText(Path.Combine(snapshots, "replicas_test.yaml_1.snap")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rendered_suite_without_a_name_and_a_template_that_renders_none_fail_the_chart()
    {
        TestsChart(Suites.Replace("suite: replicas {{ $n }} in {{ $.Release.Namespace }} for {{ $.Release.Name }}\n", "", StringComparison.Ordinal));
        _chart.Write("tests-chart/templates/empty_test.yaml", "{{- if false }}\nsuite: never\n{{- end }}\n");
        var (result, text) = await _chart.RunAsync(new UnitTestOptions(RealHelm.Path) { ChartTestsPath = "tests-chart" });

        Assert.False(result.Passed);
        Assert.Contains("test suite template (unit-tests/templates/empty_test.yaml) file did not render a manifest", text, StringComparison.Ordinal);
        Assert.Contains("test suite template (unit-tests/templates/replicas_test.yaml) error: helm chart based test suites must include `suite` field", text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_folder_only_the_suite_files_run()
    {
        _chart.Write("tests/deployment_test.yaml", "suite: files\ntemplates: [deployment.yaml]\ntests:\n  - it: renders\n    asserts:\n      - isKind:\n          of: Deployment\n");
        var (result, text) = await _chart.RunAsync(new UnitTestOptions(RealHelm.Path) { ChartTestsPath = "no-such-folder" });

        Assert.True(result.Passed, text);
        Assert.Contains("Tests:       1 passed, 1 total", text, StringComparison.Ordinal);
    }
}
