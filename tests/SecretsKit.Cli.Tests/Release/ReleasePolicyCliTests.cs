using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The policy stage of <c>secretskit release</c> (after validate) over examples/helmfile rendered by the real helm 3.10.1,
/// the cluster commands going to the stateful fake (<see cref="ReleaseValidateCliTests.Env"/>).
/// </summary>
public sealed class ReleasePolicyCliTests
{
    private const string Container = "        - name: {{ .Values.role }}\n";

    private const string ClusterRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: {{ .Release.Name }}-reader
        rules:
          - apiGroups: [""]
            resources: [secrets]
            verbs: [get, list]
        """;

    [Fact]
    public async Task A_privileged_container_fails_lint_apply_sync_and_diff_at_the_chosen_severity_and_deploys_nothing()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        box.Edit("charts/web/templates/deployment.yaml", Container, Container + "          securityContext:\n            privileged: true\n");
        var env = ReleaseValidateCliTests.Env(box, real, dir);
        foreach (var verb in new[] { "lint", "apply", "sync", "diff" })
        {
            var r = await CliRunner.RunAsync(["release", "-e", "staging", "--policy-severity", "HIGH,CRITICAL", verb, "--no-lock"], env, cwd: box.WorkDir);
            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.Contains("secretskit: release shop-staging/api: policy failed\n", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("  | release shop-staging/api: web/templates/deployment.yaml: Deployment shop-staging/api: spec.template.spec.containers[0].securityContext.privileged: KSV017 (HIGH) Privileged: ",
                r.Stderr, StringComparison.Ordinal);
            foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        Assert.Empty(box.Upgrades);
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("get-manifest", StringComparison.Ordinal));

        // the default severity (CRITICAL) lets a HIGH finding through; --skip-policy turns the stage off
        var byDefault = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(byDefault.ExitCode == 0, byDefault.Stderr);
        var skipped = await CliRunner.RunAsync(["release", "-e", "staging", "--policy-severity", "HIGH", "--skip-policy", "sync", "--no-lock"], env, cwd: box.WorkDir);
        Assert.True(skipped.ExitCode == 0, skipped.Stderr);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_role_that_reads_every_secret_fails_by_default_and_an_ignore_file_entry_lets_it_through()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/reader.yaml"), ClusterRole);
        var env = ReleaseValidateCliTests.Env(box, real, dir);
        var r = await CliRunner.RunAsync(["release", "-e", "staging", "apply", "--no-lock"], env, cwd: box.WorkDir);
        Assert.True(r.ExitCode == 1, r.Stderr);
        Assert.Contains("  | release shop-staging/api: web/templates/reader.yaml: ClusterRole shop-staging/api-reader: rules[0]: KSV041 (CRITICAL) Manage secrets: ", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(box.Upgrades);

        File.WriteAllText(box.PathOf(".trivyignore"), "# the reader is reviewed\nAVD-KSV-0041\n");
        var ignored = await CliRunner.RunAsync(["release", "-e", "staging", "apply", "--no-lock"], env, cwd: box.WorkDir);
        Assert.True(ignored.ExitCode == 0, ignored.Stderr);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
    }
}
