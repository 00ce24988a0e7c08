using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// helmfile's command-line flags through the real <c>secretskit release</c> process, with helmfile's meaning: <c>--set</c>
/// and <c>--values</c> after each release's values (a secret-named <c>--set</c> redacted in the diff and never printed),
/// <c>--wait</c>/<c>--timeout</c>/<c>--wait-for-jobs</c> on the upgrade, <c>--suppress-diff</c>, <c>--skip-diff-on-install</c>,
/// the needs flags, <c>--allow-no-matching-release</c>, <c>-b</c>, <c>--kube-context</c>, <c>--state-values-set-string</c>,
/// <c>--concurrency 0</c>; a refused flag names the SecretsKit way.
/// </summary>
public sealed class HelmfileFlagsCliTests
{
    private const string CliSecret = "S3cr3t-from-the-cli-9qZ";

    private static void AssertOk(ProcessRun.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");

    [Fact]
    public async Task Apply_gives_helm_the_command_lines_set_values_wait_and_timeout_and_never_prints_a_secret_set_value()
    {
        using var box = new PipelineSandbox();
        File.WriteAllText(box.PathOf("extra.yaml"), "fromCli: extra-values-file\n");

        var r = await box.RunAsync("apply", ["--set", "image.tag=cli-tag-77", "--set", $"db.password={CliSecret}", "--values", "extra.yaml",
            "--wait", "--wait-for-jobs", "--timeout", "77", "-l", "name=backend"]);

        AssertOk(r);
        var upgrade = Assert.Single(box.Helm.Invocations, i => i.Args[0] == "upgrade").Args;
        Assert.Equal(["--set", "image.tag=cli-tag-77", "--set", $"db.password={CliSecret}"], upgrade.TakeLast(4));
        Assert.Contains("--wait", upgrade);
        Assert.Contains("--wait-for-jobs", upgrade);
        Assert.Equal("77s", upgrade[upgrade.ToList().IndexOf("--timeout") + 1]);
        Assert.Contains(box.PathOf("extra.yaml"), upgrade);
        // the fake rendering holds every --set: the plain one shows in the diff, the secret-named one is redacted
        Assert.Contains("'image.tag=cli-tag-77'", r.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"\+   set-\d+: 'image\.tag=cli-tag-77'\n\+   set-\d+: \(redacted, changed\)\n", r.StdoutText);
        Assert.DoesNotContain(CliSecret, r.StdoutText + r.Stderr, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft(box.PathOf("extra.yaml")); // a plaintext --values file is given to helm where it is
    }

    [Fact]
    public async Task Suppress_diff_and_skip_diff_on_install_print_only_each_releases_header_line()
    {
        using var box = new PipelineSandbox();
        var install = await box.RunAsync("apply", ["--skip-diff-on-install", "-l", "name=backend"]);
        AssertOk(install);
        Assert.Contains("=== shop/backend (dev) not installed yet: ", install.StdoutText, StringComparison.Ordinal);
        Assert.Contains(" (diff skipped on install)\n", install.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("\n+", install.StdoutText, StringComparison.Ordinal);

        File.AppendAllText(box.PathOf("values/backend/dev.yaml"), "scale: 5\n");
        var upgrade = await box.RunAsync("apply", ["--suppress-diff", "-l", "name=backend"]);
        AssertOk(upgrade);
        Assert.Matches(@"=== shop/backend \(dev\): \d+ added, \d+ removed, \d+ changed \(diff suppressed\)\n", upgrade.StdoutText);
        Assert.DoesNotContain("scale: 5", upgrade.StdoutText, StringComparison.Ordinal);
        Assert.Equal(2, box.Helm.Revision("shop", "backend"));
    }

    [Fact]
    public async Task Selection_flags_take_helmfiles_meaning()
    {
        using var dir = ChainState();
        using var helm = new FakeHelm();
        var env = helm.Environment(stateful: true);

        var direct = await CliRunner.RunAsync(["release", "list", "-l", "name=a", "--include-needs"], env, cwd: dir.Path);
        var transitive = await CliRunner.RunAsync(["release", "list", "-l", "name=a", "--include-transitive-needs"], env, cwd: dir.Path);
        var strict = await CliRunner.RunAsync(["release", "template", "-l", "name=a", "--skip-needs=false", "--skip-validate", "--skip-policy"], env, cwd: dir.Path);
        var none = await CliRunner.RunAsync(["release", "template", "-l", "name=zzz", "--allow-no-matching-release"], env, cwd: dir.Path);
        var unlimited = await CliRunner.RunAsync(["release", "template", "--concurrency", "0", "--skip-validate", "--skip-policy"], env, cwd: dir.Path);

        AssertOk(direct);
        Assert.Equal(["a", "b"], ListedNames(direct.StdoutText));
        AssertOk(transitive);
        Assert.Equal(["a", "b", "c"], ListedNames(transitive.StdoutText));
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("release ns/a needs ns/b, which does not match the selectors", strict.Stderr, StringComparison.Ordinal);
        AssertOk(none);
        AssertOk(unlimited);
    }

    [Fact]
    public async Task Helm_binary_kube_context_and_state_values_set_string_are_used()
    {
        using var dir = ChainState();
        using var helm = new FakeHelm();
        var env = helm.Environment(stateful: true);
        env["HELM_BIN"] = null;

        var status = await CliRunner.RunAsync(["release", "status", "-b", helm.HelmPath, "--kube-context", "ctx-from-cli", "-l", "name=c"], env, cwd: dir.Path);
        var typed = await CliRunner.RunAsync(["release", "build", "--state-values-set", "port=0080"], env, cwd: dir.Path);
        var strings = await CliRunner.RunAsync(["release", "build", "--state-values-set-string", "port=0080"], env, cwd: dir.Path);
        var missing = await CliRunner.RunAsync(["release", "status", "-b", Path.Combine(dir.Path, "no-helm")], env, cwd: dir.Path);

        AssertOk(status);
        var call = Assert.Single(helm.Invocations).Args;
        Assert.Equal(["status", "c", "-n", "ns", "-o", "json", "--kube-context", "ctx-from-cli"], call);
        AssertOk(typed);
        Assert.Contains("port: 80\n", typed.StdoutText, StringComparison.Ordinal);
        AssertOk(strings);
        Assert.Contains("port: \"0080\"\n", strings.StdoutText, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"secretskit: error: --helm-binary {Path.Combine(dir.Path, "no-helm")} is not an executable file\n", missing.Stderr, StringComparison.Ordinal);
        Assert.Single(helm.Invocations); // the missing one ran nothing
    }

    [Fact]
    public async Task A_refused_flag_names_why_and_the_secretskit_way_and_a_ref_in_set_never_reaches_helm()
    {
        using var box = new PipelineSandbox();
        var kubeconfig = await box.RunAsync("diff", ["--kubeconfig", "/tmp/kc"]);
        var reference = await box.RunAsync("template", ["--set", "db.password=ref+vault://secret/app#password"]);

        Assert.Equal(1, kubeconfig.ExitCode);
        Assert.Equal("secretskit: error: --kubeconfig is helmfile's and secretskit release does not offer it: equivalent: KUBECONFIG=PATH, which helm reads\n"
            + "secretskit: hint: docs/migrate-from-helmfile.md lists every helmfile flag and its SecretsKit way\n", kubeconfig.Stderr);
        Assert.Equal(1, reference.ExitCode);
        Assert.Contains("--set db.password: a ref+ reference would reach helm's command line", reference.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("vault://", reference.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(box.Helm.Invocations, i => i.Args.Contains("--set"));
    }

    /// <summary>a needs b needs c, one chart, no secrets.</summary>
    private static TempDir ChainState()
    {
        var dir = new TempDir();
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", "helmfile", "charts", "web"), Path.Combine(dir.Path, "chart"));
        dir.Write("helmfile.yaml", """
            environments:
              default: {}
            ---
            releases:
              - {name: a, namespace: ns, chart: ./chart, needs: [b]}
              - {name: b, namespace: ns, chart: ./chart, needs: [c]}
              - {name: c, namespace: ns, chart: ./chart}
            """);
        return dir;
    }

    private static List<string> ListedNames(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ', 2)[0].Trim()).ToList();
}
