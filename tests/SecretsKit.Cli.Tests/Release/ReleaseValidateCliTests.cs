using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The validate stage of <c>secretskit release</c> over examples/helmfile rendered by the real helm 3.10.1: a helm
/// wrapper sends template/lint to the real helm and the cluster commands to the stateful fake, which records upgrades.
/// </summary>
public sealed class ReleaseValidateCliTests
{
    private static void AssertOk(ProcessRun.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");

    /// <summary>A <c>helm</c> that runs the real helm for what needs no cluster and the fake for the rest.</summary>
    internal static Dictionary<string, string?> Env(HelmfileSandbox box, RealHelm real, TempDir dir)
    {
        var wrapper = RealRenderingHelm.Write(dir, box.Helm.HelmPath, real.HelmPath);
        var env = real.Environment();
        foreach (var (k, v) in box.Env(wrapper)) env[k] = v;
        return env;
    }

    [Fact]
    public async Task The_example_lints_validates_and_deploys_with_the_real_rendering()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        var env = Env(box, real, dir);
        var lint = await CliRunner.RunAsync(["release", "-f", "helmfile.yaml", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        AssertOk(lint);
        var apply = await CliRunner.RunAsync(["release", "-e", "staging", "apply", "--no-lock"], env, cwd: box.WorkDir);
        AssertOk(apply);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
    }

    [Fact]
    public async Task A_quoted_integer_fails_validate_and_apply_sync_and_diff_deploy_nothing()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        box.Edit("charts/web/templates/deployment.yaml", "replicas: {{ .Values.replicas }}", "replicas: {{ .Values.replicas | quote }}");
        var env = Env(box, real, dir);
        foreach (var verb in new[] { "apply", "sync", "diff" })
        {
            var r = await CliRunner.RunAsync(["release", "-e", "staging", verb, "--no-lock"], env, cwd: box.WorkDir);
            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.Contains("secretskit: release shop-staging/api: validate failed\n", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("  | release shop-staging/api: web/templates/deployment.yaml: Deployment shop-staging/api: spec.replicas: expected integer, got value of type string\n",
                r.Stderr, StringComparison.Ordinal);
            foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        Assert.Empty(box.Upgrades);
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("get-manifest", StringComparison.Ordinal));

        var skipped = await CliRunner.RunAsync(["release", "-e", "staging", "--skip-validate", "sync", "--no-lock"], env, cwd: box.WorkDir);
        AssertOk(skipped);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Theory]
    [InlineData("apply", "deployment.yaml", "      containers:\n", "      contianers:\n",
        "Deployment shop-staging/api: spec.template.spec.contianers: unknown field \"contianers\"")]
    // helm lint, the first stage of apply, already refuses a Deployment without a selector: sync goes straight to validate
    [InlineData("sync", "deployment.yaml", "  selector:\n    matchLabels:\n      app.kubernetes.io/name: {{ .Release.Name }}\n  template:", "  template:",
        "Deployment shop-staging/api: spec: missing required field \"selector\"")]
    [InlineData("apply", "deployment.yaml", "  replicas: {{ .Values.replicas }}\n", "  replicas: {{ .Values.replicas }}\n  strategy:\n    rollingUpdate:\n      maxSurge: true\n",
        "Deployment shop-staging/api: spec.strategy.rollingUpdate.maxSurge: expected integer or string, got value of type boolean")]
    [InlineData("apply", "secret.yaml", "{{ $value | toString | b64enc | quote }}", "{{ $value | toString | quote }}",
        "Secret shop-staging/api: data.DB_PASSWORD: expected base64-encoded data, got a string that is not valid base64")]
    public async Task Each_class_of_schema_error_in_the_real_rendering_fails_apply_or_sync_with_its_path_and_deploys_nothing(string verb, string template, string from, string to, string finding)
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        box.Edit("charts/web/templates/" + template, from, to);
        var r = await CliRunner.RunAsync(["release", "-e", "staging", verb, "--no-lock"], Env(box, real, dir), cwd: box.WorkDir);
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.Stderr}");
        Assert.Contains("secretskit: release shop-staging/api: validate failed\n", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"  | release shop-staging/api: web/templates/{template}: {finding}\n", r.Stderr, StringComparison.Ordinal);
        foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        Assert.Empty(box.Upgrades);
        box.AssertNoPlaintextLeft();
    }
}
