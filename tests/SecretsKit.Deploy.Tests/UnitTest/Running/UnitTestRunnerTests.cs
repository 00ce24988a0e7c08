using SecretsKit.Deploy.Tests.UnitTest;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest.Running;

/// <summary>The unittest engine against the real helm 3.10.1 (and 4.1.4): suites pass and fail as helm-unittest's do, with its failure lines.</summary>
public sealed class UnitTestRunnerTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    private Task<(UnitTestResult Result, string Text)> RunAsync(UnitTestOptions? options = null, string helm = "") => _chart.RunAsync(options, helm);

    private const string DeploymentSuite = """
        suite: deployment
        templates:
          - deployment.yaml
        tests:
          - it: sets replicas, image and limits
            set:
              replicas: 3
            asserts:
              - isKind:
                  of: Deployment
              - equal:
                  path: spec.replicas
                  value: 3
              - equal:
                  path: spec.template.spec.containers[0].image
                  value: nginx:1.27
              - equal:
                  path: spec.template.spec.containers[?(@.name == "app")].resources.limits.memory
                  value: 256Mi
              - matchRegex:
                  path: metadata.labels.chart
                  pattern: ^app-0\.1\.0$
          - it: names the release
            release:
              name: prod
            asserts:
              - equal:
                  path: metadata.name
                  value: prod-app
          - it: uses helm-unittest's default release name
            asserts:
              - equal:
                  path: metadata.name
                  value: RELEASE-NAME-app
        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_passing_suite_passes_on_real_helm(string version)
    {
        _chart.Write("tests/deployment_test.yaml", DeploymentSuite);
        using var helm = new RealHelm(version: version);
        var (result, text) = await RunAsync(helm: helm.HelmPath);
        Assert.True(result.Passed, text);
        Assert.Contains(" PASS  deployment\t", text, StringComparison.Ordinal);
        Assert.Contains("Tests:       3 passed, 3 total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_assertion_prints_helm_unittests_lines_and_the_run_fails()
    {
        _chart.Write("tests/deployment_test.yaml", """
            suite: deployment
            templates: [deployment.yaml]
            tests:
              - it: has four replicas
                asserts:
                  - equal:
                      path: spec.replicas
                      value: 4
                  - notExists:
                      path: spec.replicas
            """);
        var (result, text) = await RunAsync();
        Assert.False(result.Passed);
        Assert.Contains(" FAIL  deployment\t", text, StringComparison.Ordinal);
        Assert.Contains("\t\t- asserts[0] `equal` fail\n\t\t\tTemplate:\tapp/templates/deployment.yaml\n\t\t\tDocumentIndex:\t0\n\t\t\tValuesIndex:\t0\n\t\t\tPath:\tspec.replicas\n\t\t\tExpected to equal:\n\t\t\t\t4\n\t\t\tActual:\n\t\t\t\t2\n", text, StringComparison.Ordinal);
        Assert.Contains("- asserts[1] `notExists` fail", text, StringComparison.Ordinal);
        Assert.Contains("Path:\tspec.replicas expected to NOT exists", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tests_with_the_same_render_inputs_render_once()
    {
        _chart.Write("tests/deployment_test.yaml", """
            suite: one render
            templates: [deployment.yaml]
            tests:
              - it: a
                asserts: [{isKind: {of: Deployment}}]
              - it: b
                asserts: [{hasDocuments: {count: 1}}]
              - it: c
                set: {replicas: 5}
                asserts: [{equal: {path: spec.replicas, value: 5}}]
            """);
        var (result, text) = await RunAsync();
        Assert.True(result.Passed, text);
        Assert.Equal(2, result.HelmRenders);
        Assert.Equal(1, result.ChartCopies);
    }

    [Fact]
    public async Task Renders_run_side_by_side_yet_results_and_snapshots_keep_the_suites_order()
    {
        var suite = new System.Text.StringBuilder("suite: order\ntemplates: [deployment.yaml]\ntests:\n");
        for (var i = 0; i < 12; i++)
        {
            // odd tests expect a replica count they do not set: they fail, and must fail in their own place
            suite.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"  - it: test {i}\n    set: {{replicas: {i + 10}}}\n    asserts:\n      - equal: {{path: spec.replicas, value: {(i % 2 == 0 ? i + 10 : 99)}}}\n      - matchSnapshot: {{path: spec.replicas}}\n");
        }
        _chart.Write("tests/order_test.yaml", suite.ToString());
        var (result, text) = await RunAsync();
        var tests = result.Charts[0].Suites[0].Tests;
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"test {i}"), tests.Select(t => t.Name));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 2 == 0), tests.Select(t => t.Passed));
        Assert.Contains("Actual:\n\t\t\t\t11\n", text, StringComparison.Ordinal);
        Assert.Equal(12, result.HelmRenders);
        Assert.Equal(1, result.ChartCopies);
        var snap = File.ReadAllText(Path.Combine(_chart.Chart, "tests", "__snapshot__", "order_test.yaml.snap"));
        // each test's snapshot holds its own render (the file's key order is go-yaml's, not the run's)
        Assert.All(Enumerable.Range(0, 12), i => Assert.Contains($"test {i}:\n  1: |\n    {i + 10}\n", snap, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failfast_stops_at_the_first_failing_test_although_later_renders_had_started()
    {
        _chart.Write("tests/deployment_test.yaml", """
            suite: fail fast
            templates: [deployment.yaml]
            tests:
              - it: passes
                asserts: [{equal: {path: spec.replicas, value: 2}}]
              - it: fails
                set: {replicas: 3}
                asserts: [{equal: {path: spec.replicas, value: 4}}]
              - it: never reported
                set: {replicas: 5}
                asserts: [{equal: {path: spec.replicas, value: 5}}]
              - it: never reported either
                set: {replicas: 6}
                asserts: [{equal: {path: spec.replicas, value: 6}}]
            """);
        var (result, text) = await RunAsync(new UnitTestOptions(RealHelm.Path) { FailFast = true });
        Assert.False(result.Passed);
        var suite = result.Charts[0].Suites[0];
        Assert.True(suite.FailFast);
        Assert.Equal(["passes", "fails"], suite.Tests.Select(t => t.Name));
        Assert.DoesNotContain("never reported", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Each_chart_version_override_renders_from_its_own_copy_past_the_kept_copies(string version)
    {
        var suite = new System.Text.StringBuilder("suite: versions\ntemplates: [deployment.yaml]\ntests:\n");
        // twelve versions, then the first four again with other values: more copies than are kept idle (8)
        foreach (var (v, replicas) in Enumerable.Range(0, 12).Select(i => (i, 2)).Concat(Enumerable.Range(0, 4).Select(i => (i, 3))))
        {
            suite.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"  - it: version 1.0.{v} with {replicas}\n    chart: {{version: 1.0.{v}}}\n    set: {{replicas: {replicas}}}\n    asserts:\n"
                + $"      - equal: {{path: metadata.labels.chart, value: app-1.0.{v}}}\n      - equal: {{path: spec.replicas, value: {replicas}}}\n");
        }
        _chart.Write("tests/versions_test.yaml", suite.ToString());
        using var helm = new RealHelm(version: version);
        var (result, text) = await RunAsync(helm: helm.HelmPath);
        Assert.True(result.Passed, text);
        Assert.Equal(16, result.HelmRenders);
        Assert.InRange(result.ChartCopies, 12, 16);
    }

    [Fact]
    public async Task A_value_from_an_encrypted_values_file_is_never_printed_the_path_is()
    {
        const string password = "s3cr3t-Pa55word-for-db";
        await TestSops.WriteEncryptedAsync(Path.Combine(_chart.Chart, "tests", "secrets.yaml"), $"db:\n  password: {password}\n");
        _chart.Write("tests/secret_test.yaml", """
            suite: secret
            templates: [secret.yaml]
            values: [secrets.yaml]
            tests:
              - it: renders the decrypted password
                asserts:
                  - equal:
                      path: stringData.password
                      value: something-else
                  - matchRegex:
                      path: stringData.password
                      pattern: ^s3cr3t
            """);
        var (result, text) = await RunAsync();
        Assert.False(result.Passed);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.Contains("Path:\tstringData.password", text, StringComparison.Ordinal);
        Assert.Contains("not shown: the value comes from a decrypted values file", text, StringComparison.Ordinal);
        // the second assertion passes on the decrypted value: decryption really happened
        Assert.True(result.Charts[0].Suites[0].Tests[0].Asserts[1].Passed);
    }

    [Fact]
    public async Task FailedTemplate_reads_the_required_message_and_notes_render_as_raw_text()
    {
        _chart.Write("tests/required_test.yaml", """
            suite: required
            templates: [required.yaml, NOTES.txt]
            tests:
              - it: fails without a host
                template: required.yaml
                set: {needsHost: true}
                asserts:
                  - failedTemplate:
                      errorMessage: host is required
              - it: renders notes
                template: NOTES.txt
                asserts:
                  - equalRaw:
                      value: "Release RELEASE-NAME runs 2 replicas.\n"
            """);
        var (result, text) = await RunAsync();
        Assert.True(result.Passed, text);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task FailedTemplate_reads_an_include_error_on_helm_3_and_helm_4s_layout(string version)
    {
        _chart.Write("templates/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  x: {{ include \"no-such-template\" . }}\n");
        _chart.Write("tests/broken_test.yaml", """
            suite: broken
            templates: [broken.yaml]
            tests:
              - it: fails on the missing named template
                asserts:
                  - failedTemplate:
                      errorMessage: 'error calling include: template: no template "no-such-template" associated with template "gotpl"'
                  - failedTemplate:
                      errorPattern: calling include
            """);
        using var helm = new RealHelm(version: version);
        var (result, text) = await RunAsync(helm: helm.HelmPath);
        Assert.True(result.Passed, text);
    }

    [Fact]
    public async Task Snapshots_are_written_in_helm_unittests_format_then_compared()
    {
        _chart.Write("tests/deployment_test.yaml", """
            suite: snap
            templates: [deployment.yaml]
            tests:
              - it: matches
                asserts:
                  - matchSnapshot:
                      path: spec.replicas
            """);
        var (first, _) = await RunAsync();
        Assert.True(first.Passed);
        var snap = Path.Combine(_chart.Chart, "tests", "__snapshot__", "deployment_test.yaml.snap");
        Assert.Equal("matches:\n  1: |\n    2\n", File.ReadAllText(snap));
        File.WriteAllText(Path.Combine(_chart.Chart, "values.yaml"), File.ReadAllText(Path.Combine(_chart.Chart, "values.yaml")).Replace("replicas: 2", "replicas: 7", StringComparison.Ordinal));
        var (second, text) = await RunAsync();
        Assert.False(second.Passed);
        Assert.Contains("Expected to match snapshot 1:", text, StringComparison.Ordinal);
        Assert.Contains("-2", text, StringComparison.Ordinal);
        Assert.Contains("+7", text, StringComparison.Ordinal);
        var (updated, _) = await RunAsync(new UnitTestOptions(RealHelm.Path) { UpdateSnapshots = true });
        Assert.True(updated.Passed);
        Assert.Equal("matches:\n  1: |\n    7\n", File.ReadAllText(snap));
    }

    [Fact]
    public async Task Strict_refuses_a_field_helm_unittest_does_not_know()
    {
        _chart.Write("tests/deployment_test.yaml", "suite: strict\nowner: team-a\ntemplates: [deployment.yaml]\ntests:\n  - it: a\n    asserts: [{isKind: {of: Deployment}}]\n");
        var (lax, laxText) = await RunAsync();
        Assert.True(lax.Passed, laxText);
        var (strict, text) = await RunAsync(new UnitTestOptions(RealHelm.Path) { Strict = true });
        Assert.False(strict.Passed);
        Assert.Contains("line 2: field owner not found in type unittest.TestSuite", text, StringComparison.Ordinal);
    }
}
