using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit release apply</c> speaks each helm's spelling, as helmfile does: on the real Helm 4.1.4 "roll back on
/// failure" (<c>atomic</c>, on by default, or helmfile's <c>rollbackOnFailure</c>) is <c>--rollback-on-failure</c>, so
/// no upgrade prints Helm 4's <c>--atomic</c> deprecation; on the real helm 3.10.1 <c>rollbackOnFailure: true</c> is
/// refused with helmfile's message. Against the Kubernetes API fake, from a fresh HOME; helm is the real binary behind
/// a wrapper that logs its argv (Helm 4 waits with its default kstatus watcher, which <c>--rollback-on-failure</c> implies,
/// over the fake's streaming lists).
/// </summary>
public sealed class HelmFourSpellingTests
{
    private const string Chart = "apiVersion: v2\nname: web\nversion: 0.1.0\n";

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: b\n";

    [Theory]
    [InlineData("")]
    [InlineData("helmDefaults:\n  rollbackOnFailure: true\n")]
    public async Task On_helm_4_apply_passes_rollback_on_failure_and_prints_no_deprecation(string defaults)
    {
        using var dir = new TempDir("sk-helm4-spelling-");
        await using var cluster = await DocsCluster.StartAsync(dir.File("home"), []);
        var result = await ApplyAsync(dir, RealHelm.Helm4Version, defaults);

        var upgrade = File.ReadAllLines(dir.File("helm-argv.log")).Single(l => l.StartsWith("upgrade ", StringComparison.Ordinal));
        Assert.True(result.ExitCode == 0, result.Stderr + result.StdoutText);
        Assert.DoesNotContain("deprecated", result.Stderr + result.StdoutText, StringComparison.Ordinal);
        Assert.Contains(" --rollback-on-failure ", upgrade, StringComparison.Ordinal);
        Assert.DoesNotContain("--atomic", upgrade, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_helm_3_rollback_on_failure_is_refused_with_helmfiles_message()
    {
        using var dir = new TempDir("sk-helm4-spelling-");
        await using var cluster = await DocsCluster.StartAsync(dir.File("home"), []);
        var result = await ApplyAsync(dir, RealHelm.Version, "helmDefaults:\n  rollbackOnFailure: true\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rollbackOnFailure requires Helm 4 or greater (set via releases[].rollbackOnFailure or helmDefaults.rollbackOnFailure)",
            result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<ProcessRun.Result> ApplyAsync(TempDir dir, string helmVersion, string defaults)
    {
        dir.Write("chart/Chart.yaml", Chart);
        dir.Write("chart/templates/cm.yaml", ConfigMap);
        dir.Write("helmfile.yaml", defaults + "releases:\n  - name: web\n    namespace: acme-dev\n    chart: ./chart\n");
        var real = Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "helm", helmVersion, "helm");
        var helm = dir.Write("helm", $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{dir.File("helm-argv.log")}'\n"
            + $"exec '{real}' \"$@\"\n");
        File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = dir.File("home"),
            ["HELM_BIN"] = helm,
            ["KUBECONFIG"] = null,
            ["XDG_CONFIG_HOME"] = null, ["XDG_DATA_HOME"] = null, ["XDG_CACHE_HOME"] = null,
            ["HELM_CONFIG_HOME"] = null, ["HELM_DATA_HOME"] = null, ["HELM_CACHE_HOME"] = null, ["HELM_PLUGINS"] = null,
        };
        return await CliRunner.RunAsync(["release", "apply", "--skip-validate"], env, cwd: dir.Path, timeout: TimeSpan.FromMinutes(3));
    }
}
