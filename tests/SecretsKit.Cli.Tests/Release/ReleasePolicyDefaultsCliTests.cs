using System.Text.Json;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// What the policy stage shows and knows by default, through the real process with the real helm 3.10.1: findings below
/// the failing severity are one warning line (count and IDs) in lint, diff, apply, sync and <c>secretskit policy</c>;
/// the release's namespace is the namespace of objects that name none (KSV110); the registries KSV0125 trusts come from
/// <c>--policy-trusted-registry</c> or Trivy's data files.
/// </summary>
public sealed partial class ReleasePolicyDefaultsCliTests
{
    private const string Container = "        - name: {{ .Values.role }}\n";

    /// <summary>A rendered Pod in namespace shop whose container takes its image from registry.example.com, with <paramref name="field"/>.</summary>
    private static string Pod(string field) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          containers:
            - {name: app, image: "registry.example.com/shop/app:1.0", {{field}} }
        """;

    [GeneratedRegex(@"^secretskit: warning: release shop-staging/(api|worker): policy: \d+ findings? below --policy-severity CRITICAL: [^\n]*KSV017 \(HIGH\)[^\n]*; --policy-severity [A-Z,]*HIGH,CRITICAL reports them$", RegexOptions.Multiline)]
    private static partial Regex PrivilegedWarning();

    [Fact]
    public async Task Findings_below_the_failing_severity_are_one_warning_line_in_lint_diff_apply_and_sync()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        box.Edit("charts/web/templates/deployment.yaml", Container, Container + "          securityContext:\n            privileged: true\n");
        var env = ReleaseValidateCliTests.Env(box, real, dir);
        foreach (var verb in new[] { "lint", "diff", "apply", "sync" })
        {
            var r = await CliRunner.RunAsync(["release", "-e", "staging", verb, "--no-lock"], env, cwd: box.WorkDir); // the fake helm has no cluster to lock in
            Assert.True(r.ExitCode == 0, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            // one line per release (api, and worker in staging), no finding line, no path, no value
            Assert.Equal(2, PrivilegedWarning().Count(r.Stderr));
            Assert.DoesNotContain("  | release shop-staging/", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("securityContext", r.Stderr, StringComparison.Ordinal);
            foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker", "upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Policy_prints_what_its_severity_filter_left_out_on_stderr_in_every_output_format()
    {
        using var dir = new TempDir();
        dir.Write("rendered.yaml", Pod("securityContext: {privileged: true}"));
        foreach (var format in new[] { "text", "json", "sarif" })
        {
            var r = await CliRunner.RunAsync(["policy", "--severity", "CRITICAL", "-o", format, "rendered.yaml"], cwd: dir.Path);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var warning = Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("secretskit: warning: policy: ", StringComparison.Ordinal));
            Assert.Matches(@"^secretskit: warning: policy: \d+ findings below --severity CRITICAL: .*KSV017 \(HIGH\).*KSV0125 \(MEDIUM\).*; --severity LOW,MEDIUM,HIGH,CRITICAL reports them$", warning);
            if (format != "text") JsonDocument.Parse(r.StdoutText).Dispose(); // stdout stays the report alone
        }

        // with every severity reported nothing is left out, and nothing is warned about
        var all = await CliRunner.RunAsync(["policy", "rendered.yaml"], cwd: dir.Path);
        Assert.True(all.ExitCode == 1, all.Stderr);
        Assert.DoesNotContain("warning", all.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KSV110_uses_the_releases_namespace_for_objects_that_name_none()
    {
        using var box = new HelmfileSandbox(SeedReleaseCliTests.Layout, SeedReleaseCliTests.StagingSecrets);
        using var real = new RealHelm();
        using var dir = new TempDir();
        box.Edit("helmfile.yaml", "namespace: shop-{{ .Environment.Name }}", "namespace: freight-{{ .Environment.Name }}");
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        // the chart's Deployment sets no metadata.namespace: helm installs it into freight-prod, not default
        var prod = await CliRunner.RunAsync(["release", "-e", "prod", "--policy-severity", "LOW,CRITICAL", "lint"], env, cwd: box.WorkDir);
        Assert.True(prod.ExitCode == 0, prod.Stderr);
        Assert.DoesNotContain("KSV110", prod.Stderr, StringComparison.Ordinal);

        box.Edit("helmfile.yaml", "namespace: freight-{{ .Environment.Name }}", "namespace: default");
        var inDefault = await CliRunner.RunAsync(["release", "-e", "prod", "--policy-severity", "LOW,CRITICAL", "lint"], env, cwd: box.WorkDir);
        Assert.True(inDefault.ExitCode == 1, inDefault.Stderr);
        Assert.Contains("  | release default/shop: shop/templates/deployment.yaml: Deployment default/shop: metadata.namespace: KSV110 (LOW) Workloads in the default namespace: ",
            inDefault.Stderr, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task KSV0125_trusts_the_registries_named_by_flag_or_by_Trivys_data_file()
    {
        using var box = new HelmfileSandbox(SeedReleaseCliTests.Layout, SeedReleaseCliTests.StagingSecrets);
        using var real = new RealHelm();
        using var dir = new TempDir();
        var env = ReleaseValidateCliTests.Env(box, real, dir);
        Task<ProcessRun.Result> Lint(params string[] extra) =>
            CliRunner.RunAsync(["release", "-e", "staging", "--policy-severity", "MEDIUM,HIGH,CRITICAL", .. extra, "lint"], env, cwd: box.WorkDir);

        var untrusted = await Lint();
        Assert.True(untrusted.ExitCode == 1, untrusted.Stderr);
        Assert.Contains("Deployment shop-staging/shop: spec.template.spec.containers[0].image: KSV0125 (MEDIUM) Restrict container images to trusted registries: ", untrusted.Stderr, StringComparison.Ordinal);

        var byFlag = await Lint("--policy-trusted-registry", "registry.example.com");
        Assert.True(byFlag.ExitCode == 0, byFlag.Stderr);

        Directory.CreateDirectory(box.PathOf("trivy-data"));
        File.WriteAllText(box.PathOf("trivy-data/ksv0125.yaml"), "ksv0125:\n  trusted_registries:\n    - registry.example.com\n");
        var byData = await Lint("--policy-config-data", "trivy-data");
        Assert.True(byData.ExitCode == 0, byData.Stderr);

        // the list replaces the default one, as in Trivy: a list without the company registry still reports it
        File.WriteAllText(box.PathOf("trivy-data/ksv0125.yaml"), "ksv0125:\n  trusted_registries: [gcr.io]\n");
        var other = await Lint("--policy-config-data", "trivy-data");
        Assert.True(other.ExitCode == 1, other.Stderr);
        Assert.Contains("KSV0125 (MEDIUM)", other.Stderr, StringComparison.Ordinal);

        File.WriteAllText(box.PathOf("trivy-data/ksv0125.yaml"), "ksv0125:\n  trusted_registries: registry.example.com\n");
        var bad = await Lint("--policy-config-data", "trivy-data");
        Assert.True(bad.ExitCode == 2, bad.Stderr);
        Assert.Contains("--policy-config-data trivy-data/ksv0125.yaml: ksv0125.trusted_registries must be a list of registries", bad.Stderr, StringComparison.Ordinal);
        var empty = await Lint("--policy-trusted-registry", "");
        Assert.True(empty.ExitCode == 2, empty.Stderr);
        Assert.Empty(box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Policy_takes_trusted_registries_by_flag_and_by_data_file()
    {
        using var dir = new TempDir();
        dir.Write("rendered.yaml", Pod("resources: {}"));
        dir.Write("data.json", "{\"ksv0125\": {\"trusted_registries\": [\"registry.example.com\"]}}");
        string[] check = ["policy", "--severity", "MEDIUM", "-o", "json", "rendered.yaml"];

        static bool Reports(ProcessRun.Result r)
        {
            using var doc = JsonDocument.Parse(r.StdoutText);
            return doc.RootElement.GetProperty("findings").EnumerateArray().Any(f => f.GetProperty("id").GetString() == "KSV0125");
        }

        Assert.True(Reports(await CliRunner.RunAsync(check, cwd: dir.Path)));
        Assert.False(Reports(await CliRunner.RunAsync([.. check, "--trusted-registry", "registry.example.com"], cwd: dir.Path)));
        Assert.False(Reports(await CliRunner.RunAsync([.. check, "--trusted-registry", "gcr.io,registry.example.com"], cwd: dir.Path)));
        Assert.False(Reports(await CliRunner.RunAsync([.. check, "--config-data", "data.json"], cwd: dir.Path)));
        var missing = await CliRunner.RunAsync([.. check, "--config-data", "nope"], cwd: dir.Path);
        Assert.True(missing.ExitCode == 2, missing.Stderr);
        Assert.Contains("--config-data nope: no such file or directory", missing.Stderr, StringComparison.Ordinal);
    }
}
