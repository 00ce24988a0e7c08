using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>The unittest engine against the real helm 3.10.1 (and 4.1.4): suites pass and fail as helm-unittest's do, with its failure lines.</summary>
public sealed class UnitTestRunnerTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    private async Task<(UnitTestResult Result, string Text)> RunAsync(UnitTestOptions? options = null, string helm = "")
    {
        var runner = new UnitTestRunner(SystemProcessRunner.Instance, TestSops.Engine(_chart.Directory), DecryptOptions.Default,
            options ?? new UnitTestOptions(helm.Length > 0 ? helm : RealHelm.Path));
        var writer = new StringWriter();
        var report = new TextReport(writer, color: false);
        var result = await runner.RunAsync([_chart.Chart], _chart.Directory, CancellationToken.None);
        foreach (var chart in result.Charts)
        {
            report.Chart(chart);
            foreach (var suite in chart.Suites) report.Suite(suite);
        }
        report.Summary(result);
        return (result, writer.ToString());
    }

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
