using System.Xml.Linq;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.UnitTest;

/// <summary>
/// <c>secretskit unittest -o FILE [-t TYPE]</c> through the real process and the real helm 3.10.1: every test runs
/// whatever the type, and the file is helm-unittest's XML of that type (XUnit by default, as helm-unittest's own
/// default; JUnit, NUnit, Sonar; the name in any case), in the shapes helm-unittest's formatters write, over a suite with
/// a passing, a failing, a skipped and an erroring test.
/// </summary>
public sealed class UnitTestReportCliTests
{
    private static TempDir Chart()
    {
        var dir = new TempDir();
        dir.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        dir.Write("demo/values.yaml", "mode: fast\nbroken: false\n");
        dir.Write("demo/templates/cm.yaml", """
            {{- if .Values.broken }}{{ fail "broken on purpose" }}{{ end }}
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-cm
            data:
              mode: {{ .Values.mode | quote }}
            """);
        dir.Write("demo/tests/cm_test.yaml", """
            suite: demo config
            templates:
              - cm.yaml
            tests:
              - it: keeps the mode
                asserts:
                  - equal:
                      path: data.mode
                      value: fast
              - it: expects another mode
                asserts:
                  - equal:
                      path: data.mode
                      value: slow
              - it: is skipped for now
                skip:
                  reason: not yet
                asserts:
                  - isKind:
                      of: ConfigMap
              - it: renders a broken chart
                set:
                  broken: true
                asserts:
                  - isKind:
                      of: ConfigMap
            """);
        return dir;
    }

    private static Task<ProcessRun.Result> RunAsync(TempDir dir, params string[] args) =>
        CliRunner.RunAsync(["unittest", .. args, "demo"], new Dictionary<string, string?> { ["HELM_BIN"] = RealHelm.Path }, cwd: dir.Path);

    private static void AssertAllRan(ProcessRun.Result r)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.Matches(@"Tests:\s+2 failed, (1 errored, )?1 passed, 1 skipped, 4 total", r.StdoutText);
    }

    private static XElement Root(TempDir dir, string file)
    {
        var text = File.ReadAllText(Path.Combine(dir.Path, file));
        Assert.DoesNotContain("<?xml", text, StringComparison.Ordinal); // helm-unittest writes no declaration
        return XDocument.Parse(text).Root!;
    }

    private static string A(XElement e, string name) => e.Attribute(name)?.Value ?? throw new Xunit.Sdk.XunitException($"<{e.Name}> has no {name}: {e}");

    [Fact]
    public async Task An_output_file_without_a_type_runs_every_test_and_writes_helm_unittests_default_xunit_into_a_new_folder()
    {
        using var dir = Chart();

        var r = await RunAsync(dir, "-o", "reports/ci/report.xml");

        AssertAllRan(r);
        var assemblies = Root(dir, "reports/ci/report.xml");
        Assert.Equal("assemblies", assemblies.Name.LocalName);
        var assembly = Assert.Single(assemblies.Elements("assembly"));
        Assert.Equal(Path.Combine("demo", "tests", "cm_test.yaml"), A(assembly, "name"));
        Assert.Equal("helm-unittest", A(assembly, "test-framework"));
        Assert.Equal(["4", "1", "1", "1", "1"], new[] { "total", "passed", "failed", "skipped", "errors" }.Select(a => A(assembly, a)));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", A(assembly, "run-date"));
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}$", A(assembly, "run-time"));
        Assert.False(string.IsNullOrEmpty(assembly.Element("environment")?.Value));
        var collection = Assert.Single(assembly.Elements("collection"));
        Assert.Equal("demo config", A(collection, "name"));
        // the collection counts the failed test only (helm-unittest counts an erroring one on the assembly alone)
        Assert.Equal(["4", "1", "1", "1"], new[] { "total", "passed", "failed", "skipped" }.Select(a => A(collection, a)));
        var tests = collection.Elements("test").ToDictionary(t => A(t, "name"));
        Assert.All(tests.Values, t => Assert.Equal(("demo config", "Helm-Validation"), (A(t, "type"), A(t, "method"))));
        Assert.Equal("Pass", A(tests["keeps the mode"], "result"));
        Assert.Empty(tests["keeps the mode"].Elements());
        var failed = tests["expects another mode"];
        Assert.Equal("Fail", A(failed, "result"));
        Assert.Equal("Helm-Validation", A(failed.Element("failure")!, "exception-type"));
        Assert.Equal("Failed", failed.Element("failure")!.Element("message")!.Value);
        Assert.Contains("- asserts[0] `equal` fail", failed.Element("failure")!.Element("stack-trace")!.Value, StringComparison.Ordinal);
        Assert.Equal("Skip", A(tests["is skipped for now"], "result"));
        Assert.Contains("SKIPPED 'is skipped for now'", tests["is skipped for now"].Element("reason")!.Value, StringComparison.Ordinal);
        var errored = tests["renders a broken chart"];
        Assert.Equal(("Fail", "Helm-Validation-Error"), (A(errored, "result"), A(errored.Element("failure")!, "exception-type")));
        Assert.Contains("broken on purpose", errored.Element("failure")!.Element("stack-trace")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JUnit")]
    [InlineData("junit")]
    public async Task JUnit_has_a_testsuite_per_suite_with_failure_skipped_and_error_cases(string type)
    {
        using var dir = Chart();

        var r = await RunAsync(dir, "-t", type, "-o", "junit.xml");

        AssertAllRan(r);
        var suites = Root(dir, "junit.xml");
        Assert.Equal("testsuites", suites.Name.LocalName);
        var suite = Assert.Single(suites.Elements("testsuite"));
        Assert.Equal(["0", "4", "1", "1", "demo config"], new[] { "id", "tests", "failures", "errors", "name" }.Select(a => A(suite, a)));
        Assert.Equal("helm-unittest.version", A(suite.Element("properties")!.Element("property")!, "name"));
        var cases = suite.Elements("testcase").ToDictionary(c => A(c, "name"));
        Assert.All(cases.Values, c => Assert.Equal("demo config", A(c, "classname")));
        Assert.Empty(cases["keeps the mode"].Elements());
        Assert.Equal("Failed", A(cases["expects another mode"].Element("failure")!, "message"));
        Assert.Contains("- asserts[0] `equal` fail", cases["expects another mode"].Element("failure")!.Value, StringComparison.Ordinal);
        Assert.StartsWith("SKIPPED 'is skipped for now'", A(cases["is skipped for now"].Element("skipped")!, "message"), StringComparison.Ordinal);
        Assert.Equal("Error", A(cases["renders a broken chart"].Element("error")!, "message"));
        Assert.Contains("broken on purpose", cases["renders a broken chart"].Element("error")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NUnit_has_the_run_totals_the_environment_and_a_test_fixture_per_suite()
    {
        using var dir = Chart();

        var r = await RunAsync(dir, "--output-type", "NUnit", "--output-file", "nunit.xml");

        AssertAllRan(r);
        var results = Root(dir, "nunit.xml");
        Assert.Equal("test-results", results.Name.LocalName);
        Assert.Equal(["helm-unittest", "4", "1", "1", "1"], new[] { "name", "total", "errors", "failures", "skipped" }.Select(a => A(results, a)));
        Assert.Equal(["environment", "culture-info", "test-suite"], results.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(dir.Path, A(results.Element("environment")!, "cwd"));
        var fixture = results.Element("test-suite")!;
        Assert.Equal(["TestFixture", "demo config", "false", "Failed"], new[] { "type", "name", "success", "result" }.Select(a => A(fixture, a)));
        var cases = fixture.Element("results")!.Elements("test-case").ToDictionary(c => A(c, "name"));
        Assert.Equal(("Success", "demo config.keeps the mode"), (A(cases["keeps the mode"], "result"), A(cases["keeps the mode"], "description")));
        Assert.Equal("Failed", cases["expects another mode"].Element("failure")!.Element("message")!.Value);
        Assert.Equal(("Skipped", "false"), (A(cases["is skipped for now"], "result"), A(cases["is skipped for now"], "executed")));
        Assert.Contains("SKIPPED", cases["is skipped for now"].Element("reason")!.Element("message")!.Value, StringComparison.Ordinal);
        Assert.Equal("false", A(cases["renders a broken chart"], "executed"));
    }

    [Fact]
    public async Task Sonar_has_a_file_per_suite_with_durations_in_milliseconds()
    {
        using var dir = Chart();

        var r = await RunAsync(dir, "-t", "Sonar", "-o", "sonar.xml");

        AssertAllRan(r);
        var executions = Root(dir, "sonar.xml");
        Assert.Equal(("testExecutions", "1"), (executions.Name.LocalName, A(executions, "version")));
        var file = Assert.Single(executions.Elements("file"));
        Assert.Equal(Path.Combine("demo", "tests", "cm_test.yaml"), A(file, "path"));
        var cases = file.Elements("testCase").ToDictionary(c => A(c, "name"));
        Assert.All(cases.Values, c => Assert.Matches(@"^\d+$", A(c, "duration")));
        Assert.Equal("Failed", A(cases["expects another mode"].Element("failure")!, "message"));
        Assert.Equal("Skipped", A(cases["is skipped for now"].Element("skipped")!, "message"));
        Assert.Equal("Error", A(cases["renders a broken chart"].Element("error")!, "message"));
    }

    [Fact]
    public async Task An_unknown_output_type_is_refused_before_anything_runs_naming_the_four()
    {
        using var dir = Chart();

        var r = await RunAsync(dir, "-t", "TAP", "-o", "out.xml");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("output type 'TAP' is not one of XUnit, JUnit, NUnit, Sonar", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out.xml")));
    }
}
