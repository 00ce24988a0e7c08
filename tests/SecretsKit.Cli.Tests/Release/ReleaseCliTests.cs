using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary><c>secretskit release …</c> through the real CLI process, with a stateful fake helm, on a copy of examples/pipeline.</summary>
public sealed class ReleaseCliTests
{
    private static void AssertOk(ProcessRun.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");

    private static void AssertNoSecret(ProcessRun.Result r)
    {
        foreach (var secret in PipelineSandbox.DemoSecrets)
        {
            Assert.DoesNotContain(secret, r.StdoutText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Apply_installs_all_in_needs_order_then_upgrades_nothing_then_only_the_release_whose_value_changed()
    {
        using var box = new PipelineSandbox();
        var first = await box.RunAsync("apply");
        AssertOk(first);
        AssertNoSecret(first);
        Assert.Equal(["upgrade shop/backend", "upgrade shop/frontend"], box.Upgrades);
        var calls = box.Helm.Calls.ToList();
        Assert.True(calls.IndexOf("test shop/backend") < calls.IndexOf("template shop/frontend"), string.Join("\n", calls));
        Assert.Equal(1, box.Helm.Revision("shop", "backend"));
        Assert.Equal(1, box.Helm.Revision("shop", "frontend"));
        Assert.Null(box.Helm.Revision("shop", "legacy-worker"));
        // helm did get the decrypted secrets, through a file
        Assert.Contains(box.Helm.Invocations, i => i.ValueContents.Any(c => c?.Contains(PipelineSandbox.DemoSecrets[0], StringComparison.Ordinal) == true));
        Assert.Contains("RELEASE", first.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"backend\s+shop\s+test\s+upgraded", first.Stderr);
        Assert.Matches(@"legacy-worker\s+shop\s+uninstall\s+not installed", first.Stderr);

        var second = await box.RunAsync("apply");
        AssertOk(second);
        Assert.Equal(2, box.Upgrades.Count());
        Assert.Matches(@"frontend\s+shop\s+diff\s+unchanged", second.Stderr);

        File.AppendAllText(box.PathOf("values/frontend/dev.yaml"), "extra: 1\n");
        var third = await box.RunAsync("apply");
        AssertOk(third);
        Assert.Equal(["upgrade shop/backend", "upgrade shop/frontend", "upgrade shop/frontend"], box.Upgrades);
        Assert.Equal(2, box.Helm.Revision("shop", "frontend"));
        Assert.Equal(1, box.Helm.Revision("shop", "backend"));
        Assert.Contains("+     extra: 1", third.StdoutText, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_failing_helm_test_rolls_back_to_the_previous_revision_exits_1_and_stops_later_releases()
    {
        using var box = new PipelineSandbox();
        AssertOk(await box.RunAsync("apply"));
        File.AppendAllText(box.PathOf("values/backend/dev.yaml"), "replicaCount: 5\n".Replace("replicaCount", "scale", StringComparison.Ordinal));
        File.AppendAllText(box.PathOf("values/frontend/dev.yaml"), "extra: 1\n");
        var failed = await box.RunAsync("apply", failTest: "backend");
        Assert.Equal(1, failed.ExitCode);
        AssertNoSecret(failed);
        var calls = box.Helm.Calls;
        Assert.Contains("rollback shop/backend 1", calls);
        Assert.Equal(3, box.Helm.Revision("shop", "backend"));
        Assert.Equal(box.Helm.Manifest("shop", "backend", 1), box.Helm.Manifest("shop", "backend", 3));
        Assert.DoesNotContain("template shop/frontend", calls.Skip(calls.ToList().IndexOf("rollback shop/backend 1")));
        Assert.Equal(1, box.Helm.Revision("shop", "frontend"));
        Assert.Contains("helm test failed", failed.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"backend\s+shop\s+rollback\s+test failed, rolled back to 1", failed.Stderr);
        Assert.Matches(@"frontend\s+shop\s+lint\s+not run", failed.Stderr);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_failing_test_after_a_first_install_uninstalls_the_release()
    {
        using var box = new PipelineSandbox();
        var failed = await box.RunAsync("apply", ["-l", "name=backend"], failTest: "backend");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("uninstall shop/backend", box.Helm.Calls);
        Assert.Null(box.Helm.Revision("shop", "backend"));
        Assert.Contains("uninstalled (first install)", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_lint_stops_before_any_upgrade()
    {
        using var box = new PipelineSandbox();
        var failed = await box.RunAsync("apply", failLint: "pipeline-app");
        Assert.Equal(1, failed.ExitCode);
        Assert.Empty(box.Upgrades);
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("template ", StringComparison.Ordinal));
        Assert.Contains("helm lint failed", failed.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"backend\s+shop\s+lint\s+failed", failed.Stderr);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Diff_and_template_redact_decrypted_secrets_unless_show_secrets()
    {
        using var box = new PipelineSandbox();
        var diff = await box.RunAsync("diff", ["--detailed-exitcode"]);
        Assert.Equal(2, diff.ExitCode);
        AssertNoSecret(diff);
        Assert.Contains("=== shop/backend (dev) not installed yet", diff.StdoutText, StringComparison.Ordinal);
        Assert.Contains("(redacted", diff.StdoutText, StringComparison.Ordinal);
        var template = await box.RunAsync("template", ["-l", "tier=backend"]);
        AssertOk(template);
        AssertNoSecret(template);
        Assert.Contains("backend-fake-values", template.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("frontend-fake-values", template.StdoutText, StringComparison.Ordinal);

        // the demo values are fake, but keep them out of the shared transcript all the same
        var shown = await box.RunAsync("diff", ["--show-secrets"], recordOutput: false);
        AssertOk(shown);
        Assert.All(PipelineSandbox.DemoSecrets, s => Assert.Contains(s, shown.StdoutText, StringComparison.Ordinal));
        var rendered = await box.RunAsync("template", ["--show-secrets"], recordOutput: false);
        AssertOk(rendered);
        Assert.Contains(PipelineSandbox.DemoSecrets[1], rendered.StdoutText, StringComparison.Ordinal);
        Assert.Empty(box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Rollback_status_and_test_verbs_work_on_the_deployed_releases()
    {
        using var box = new PipelineSandbox();
        AssertOk(await box.RunAsync("apply"));
        File.AppendAllText(box.PathOf("values/frontend/dev.yaml"), "extra: 1\n");
        AssertOk(await box.RunAsync("apply"));
        AssertOk(await box.RunAsync("test"));
        var rollback = await box.RunAsync("rollback", ["-l", "name=frontend"]);
        AssertOk(rollback);
        Assert.Contains("rollback shop/frontend 1", box.Helm.Calls);
        var status = await box.RunAsync("status");
        AssertOk(status);
        Assert.Contains("shop/frontend: deployed revision 3 pipeline-app-0.1.0", status.StdoutText, StringComparison.Ordinal);
        Assert.Contains("shop/legacy-worker: not installed", status.StdoutText, StringComparison.Ordinal);
        var lint = await box.RunAsync("lint");
        AssertOk(lint);
        Assert.Matches(@"legacy-worker\s+shop\s+-\s+skipped \(installed: false\)", lint.Stderr);
    }

    [Fact]
    public async Task Installed_false_uninstalls_a_release_that_is_still_there()
    {
        using var box = new PipelineSandbox();
        var file = box.PathOf("secretskit-release.yaml");
        var original = File.ReadAllText(file);
        File.WriteAllText(file, original.Replace("    installed: false\n", "", StringComparison.Ordinal));
        AssertOk(await box.RunAsync("apply"));
        Assert.Equal(1, box.Helm.Revision("shop", "legacy-worker"));
        File.WriteAllText(file, original);
        var apply = await box.RunAsync("apply");
        AssertOk(apply);
        Assert.Null(box.Helm.Revision("shop", "legacy-worker"));
        Assert.Matches(@"legacy-worker\s+shop\s+uninstall\s+uninstalled", apply.Stderr);
    }

    [Theory]
    [InlineData(new[] { "-e", "qa" }, "environment \"qa\" is not defined in secretskit-release.yaml")]
    [InlineData(new[] { "-e", "dev", "-l", "tier=nope" }, "no release in")]
    [InlineData(new[] { "-e", "dev", "-f", "missing.yaml" }, "missing.yaml does not exist")]
    public async Task Bad_invocations_exit_1_with_a_message(string[] args, string expected)
    {
        using var box = new PipelineSandbox();
        var r = await CliRunner.RunAsync(new[] { "release", "diff" }.Concat(args), box.Env(), cwd: box.WorkDir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task An_unknown_release_key_fails_with_its_line_and_the_closest_key_before_any_helm_call()
    {
        using var box = new PipelineSandbox();
        var file = box.PathOf("secretskit-release.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("    version: 0.1.0\n", "    versoin: 0.1.0\n", StringComparison.Ordinal));
        var r = await box.RunAsync("lint");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"secretskit-release\.yaml:\d+: unknown key 'versoin' in release backend: did you mean 'version'\?", r.Stderr);
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task A_secret_that_cannot_be_decrypted_stops_the_run_before_any_upgrade_and_the_summary_names_the_release()
    {
        using var box = new PipelineSandbox();
        var env = box.Env();
        env["SOPS_AGE_KEY_FILE"] = null;
        var r = await CliRunner.RunAsync(["release", "apply", "-e", "dev", "--no-lock"], env, cwd: box.WorkDir);
        Assert.Equal(128, r.ExitCode);
        Assert.Contains("secrets/dev/secrets.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"backend\s+shop\s+lint\s+error \(below\)", r.Stderr);
        Assert.Empty(box.Helm.Calls);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task With_concurrency_independent_releases_still_respect_needs()
    {
        using var box = new PipelineSandbox();
        var file = box.PathOf("secretskit-release.yaml");
        // a third release with no needs joins backend's level
        File.WriteAllText(file, File.ReadAllText(file).Replace("    installed: false\n", "", StringComparison.Ordinal));
        var r = await box.RunAsync("apply", ["--concurrency", "2"]);
        AssertOk(r);
        var calls = box.Helm.Calls.ToList();
        Assert.Equal(3, box.Upgrades.Count());
        Assert.True(calls.IndexOf("test shop/backend") < calls.IndexOf("template shop/frontend"), string.Join("\n", calls));
        Assert.True(calls.IndexOf("test shop/legacy-worker") < calls.IndexOf("template shop/frontend"), string.Join("\n", calls));
        box.AssertNoPlaintextLeft();
    }
}
