using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>
/// A render that fails outside any template (the test's values against the chart's <c>values.schema.json</c>) is what
/// helm-unittest v1.1.0 makes of it (test_job.go keeps the error as the test's ExecError and still runs the assertions
/// with it as the render error): <c>failedTemplate</c> without a message passes, with <c>errorPattern</c> or
/// <c>errorMessage</c> it is checked against the whole error, an assertion that needs a rendering fails, and a failed
/// test shows the error itself. Through the real helm 3.10.1 and 4.1.4, whose schema checkers word the error differently.
/// </summary>
public sealed class SchemaRenderErrorTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_values_schema_error_is_the_render_error_failedTemplate_reads(string version)
    {
        _chart.Write("values.schema.json", """
            {"type": "object", "properties": {"value": {"type": "string"}}}
            """);
        _chart.Write("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        _chart.Write("tests/schema_test.yaml", """
            suite: schema
            templates: [cm.yaml]
            tests:
              - it: fails as a whole
                set: {value: null}
                asserts:
                  - failedTemplate: {}
              - it: matches the schema error
                set: {value: 3}
                asserts:
                  - failedTemplate:
                      errorPattern: "values don't meet the specifications of the schema"
              - it: renders with a valid value
                set: {value: ok}
                asserts:
                  - notFailedTemplate: {}
                  - isKind: {of: ConfigMap}
            """);
        _chart.Write("tests/failing_test.yaml", """
            suite: failing
            templates: [cm.yaml]
            tests:
              - it: wrong message
                set: {value: null}
                asserts:
                  - failedTemplate:
                      errorMessage: not this
              - it: needs a rendering
                set: {value: null}
                asserts:
                  - isKind: {of: ConfigMap}
            """);
        using var helm = new RealHelm(version: version);
        var (result, text) = await _chart.RunAsync(new UnitTestOptions(helm.HelmPath));
        Assert.False(result.Passed, text);
        Assert.Contains(" PASS  schema\t", text, StringComparison.Ordinal);
        Assert.Contains(" FAIL  failing\t", text, StringComparison.Ordinal);
        Assert.Contains("Tests:       2 failed, 2 errored, 3 passed, 5 total", text, StringComparison.Ordinal);
        var failing = text[text.IndexOf(" FAIL  failing", StringComparison.Ordinal)..];
        Assert.Contains("- wrong message\n\t\tError: values don't meet the specifications of the schema(s) in the following chart(s):", failing, StringComparison.Ordinal);
        Assert.Contains("- needs a rendering\n\t\tError: values don't meet the specifications", failing, StringComparison.Ordinal);
        Assert.DoesNotContain("asserts[0]", failing, StringComparison.Ordinal);
    }
}
