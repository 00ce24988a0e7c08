using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.UnitTest;

/// <summary>
/// <c>secretskit unittest</c> (the real process) on a suite with <c>kubernetesProvider</c> objects, with the real helm
/// 3.10.1 (a real <c>helm install</c> into the lookup server's throwaway state) and Helm 4.1.4 (<c>template
/// --dry-run=server</c>): <c>lookup</c> finds the suite's objects (a Secret the chart also renders keeps its password),
/// a test's own objects come first, and an assertion that expects another value fails the run with exit 1 and
/// helm-unittest's failure lines; no test is skipped.
/// </summary>
public sealed class UnitTestLookupCliTests
{
    private const string Template = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: {{ ((lookup "v1" "Secret" .Release.Namespace "db").data | default dict).password | default "fresh" | quote }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: found
        data:
          namespaces: {{ (lookup "v1" "Namespace" "" "").items | len | quote }}
          pod: {{ ((lookup "v1" "Pod" .Release.Namespace "web").metadata | default dict).name | default "none" | quote }}
        """;

    private static string Suite(string expectedPassword) => """
        suite: lookups
        templates: [db.yaml]
        release: {namespace: apps}
        kubernetesProvider:
          scheme:
            "v1/Secret": {gvr: {version: v1, resource: secrets}, namespaced: true}
            "v1/Namespace": {gvr: {version: v1, resource: namespaces}, namespaced: false}
            "v1/Pod": {gvr: {version: v1, resource: pods}, namespaced: true}
          objects:
            - {apiVersion: v1, kind: Secret, metadata: {name: db, namespace: apps}, data: {password: c3RheQ==}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: apps}}
        tests:
          - it: keeps the password of the existing Secret
            documentIndex: 0
            asserts:
              - equal: {path: stringData.password, value: EXPECTED}
          - it: sees a test's own objects
            kubernetesProvider:
              objects:
                - {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: apps}}
            documentIndex: 1
            asserts:
              - equal: {path: data.pod, value: web}
              - equal: {path: data.namespaces, value: "1"}
        """.Replace("EXPECTED", expectedPassword, StringComparison.Ordinal);

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Lookups_pass_through_the_real_process(string version)
    {
        using var dir = Chart(Suite("c3RheQ=="));
        using var helm = new RealHelm(version: version);

        var r = await CliRunner.RunAsync(["unittest", "chart"], new Dictionary<string, string?> { ["HELM_BIN"] = helm.HelmPath }, cwd: dir.Path);

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.Contains(" PASS  lookups\tchart/tests/db_test.yaml", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Tests:       2 passed, 2 total", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", r.StdoutText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_lookup_assertion_that_expects_another_value_fails_with_exit_1(string version)
    {
        using var dir = Chart(Suite("fresh"));
        using var helm = new RealHelm(version: version);

        var r = await CliRunner.RunAsync(["unittest", "chart"], new Dictionary<string, string?> { ["HELM_BIN"] = helm.HelmPath }, cwd: dir.Path);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.Contains(" FAIL  lookups\tchart/tests/db_test.yaml", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("- asserts[0] `equal` fail", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("c3RheQ==", r.StdoutText, StringComparison.Ordinal); // the actual value, from the suite's Secret
        Assert.Contains("Tests:       1 failed, 1 passed, 2 total", r.StdoutText, StringComparison.Ordinal);
    }

    private static TempDir Chart(string suite)
    {
        var dir = new TempDir();
        dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: lookups\nversion: 0.1.0\n");
        dir.Write("chart/templates/db.yaml", Template);
        dir.Write("chart/tests/db_test.yaml", suite);
        return dir;
    }
}
