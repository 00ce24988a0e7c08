using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The unittest stage of <c>secretskit release</c> (the <c>unittest</c> verb, and the stage of <c>lint</c> and
/// <c>apply</c> before template) over examples/pipeline, whose chart examples/pipeline-app carries a helm-unittest suite
/// with a SOPS-encrypted values file, rendered by the real helm 3.10.1 and 4.1.4; cluster calls go to the stateful fake helm.
/// </summary>
public sealed class ReleaseUnitTestCliTests
{
    /// <summary>The values of examples/pipeline/secrets/staging/secrets.yaml, which the example suite decrypts.</summary>
    private static readonly string[] SuiteSecrets = ["demo-staging-db-password-7f3a", "demo-staging-api-token-c41d"];

    private static void AssertOk(ProcessRun.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");

    private static void AssertNoSecret(ProcessRun.Result r)
    {
        foreach (var secret in SuiteSecrets.Concat(PipelineSandbox.DemoSecrets))
        {
            foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
            {
                Assert.DoesNotContain(form, r.StdoutText, StringComparison.Ordinal);
                Assert.DoesNotContain(form, r.Stderr, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The report without its <c>Time:</c> line (the one line that differs from run to run).</summary>
    private static string Untimed(string report) =>
        string.Join('\n', report.Split('\n').Where(l => !l.StartsWith("Time:", StringComparison.Ordinal)));

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Release_unittest_runs_each_releases_chart_suite_with_its_encrypted_values_and_prints_what_secretskit_unittest_prints(string helmVersion)
    {
        using var box = new PipelineSandbox();
        using var real = new RealHelm(version: helmVersion);
        using var dir = new TempDir();
        var env = box.EnvWithRealRendering(real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "unittest"], env, cwd: box.WorkDir);

        AssertOk(r);
        AssertNoSecret(r);
        Assert.Matches(@"backend\s+shop\s+unittest\s+passed", r.Stderr);
        Assert.Matches(@"frontend\s+shop\s+unittest\s+passed", r.Stderr);
        Assert.Matches(@"legacy-worker\s+shop\s+-\s+skipped", r.Stderr);
        var standalone = await CliRunner.RunAsync(["unittest", "../pipeline-app"], env, cwd: box.WorkDir);
        AssertOk(standalone);
        Assert.Contains("Tests:       3 passed, 3 total", standalone.StdoutText, StringComparison.Ordinal);
        // both releases use the chart, whose suites take no release values: they run once, for backend, and print the same
        // text as `secretskit unittest`; frontend's line says where its report is
        Assert.Equal(Untimed(standalone.StdoutText) + "shop/frontend: the suites of ../pipeline-app ran once, for shop/backend above (passed)\n",
            Untimed(r.StdoutText));
        Assert.Empty(box.Helm.Calls); // nothing reached the cluster side
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_failing_suite_fails_lint_and_stops_apply_before_anything_is_deployed_until_skip_unittest()
    {
        using var box = new PipelineSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        var suite = Path.Combine(box.WorkDir, "..", "pipeline-app", "tests", "deployment_test.yaml");
        var text = File.ReadAllText(suite);
        Assert.Contains("          value: 2\n", text, StringComparison.Ordinal);
        // two failures: a plain one, and one whose actual value is a decrypted secret (base64 in the Secret's data)
        File.WriteAllText(suite, text.Replace("          value: 2\n", "          value: 7\n", StringComparison.Ordinal)
            .Replace("      - isNotNullOrEmpty:\n          path: data\n", "      - equal:\n          path: data.dbPassword\n          value: wrong\n", StringComparison.Ordinal));
        var env = box.EnvWithRealRendering(real, dir);
        var standalone = await CliRunner.RunAsync(["unittest", "../pipeline-app"], env, cwd: box.WorkDir);
        Assert.Equal(1, standalone.ExitCode);
        string[] skips = ["--skip-validate", "--skip-policy"]; // both are tested on their own; this test is about the unittest stage

        foreach (var verb in new[] { "lint", "apply" })
        {
            var r = await CliRunner.RunAsync(["release", "-e", "dev", verb, "--no-lock", .. skips], env, cwd: box.WorkDir);

            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            AssertNoSecret(r);
            Assert.Contains("secretskit: release shop/backend: unittest failed\n", r.Stderr, StringComparison.Ordinal);
            // the runner's report, line for line, under the stage's failure line
            var framed = string.Concat(Untimed(standalone.StdoutText).Trim('\n').Split('\n').Select(l => "  | " + l + "\n"));
            Assert.Contains("unittest failed\n" + framed, r.Stderr, StringComparison.Ordinal);
            Assert.Contains("  | \t\t- asserts[1] `equal` fail\n", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("not shown: the value comes from a decrypted values file", r.Stderr, StringComparison.Ordinal);
            Assert.Matches(@"backend\s+shop\s+unittest\s+failed", r.Stderr);
            // frontend uses the same chart: its suites are not run (nor reported) a second time
            Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("  | Tests:", StringComparison.Ordinal));
            Assert.Contains("secretskit: release shop/frontend: unittest failed (the suites of ../pipeline-app, reported above for release shop/backend)\n",
                r.Stderr, StringComparison.Ordinal);
            Assert.Matches(@"frontend\s+shop\s+unittest\s+failed", r.Stderr);
        }
        Assert.Empty(box.Upgrades);
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("get-manifest", StringComparison.Ordinal));

        var skipped = await CliRunner.RunAsync(["release", "-e", "dev", "apply", "--skip-unittest", "--no-lock", .. skips], env, cwd: box.WorkDir);
        AssertOk(skipped);
        Assert.Equal(["upgrade shop/backend", "upgrade shop/frontend"], box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_chart_without_suites_is_no_suites_for_the_verb_and_passes_lint()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "unittest"], env, cwd: box.WorkDir);

        AssertOk(r);
        Assert.Equal("shop-staging/api: no suites (./charts/web: nothing matches tests/*_test.yaml)\n"
            + "shop-staging/worker: no suites (./charts/web: nothing matches tests/*_test.yaml)\n", r.StdoutText);
        Assert.Matches(@"api\s+shop-staging\s+unittest\s+no suites", r.Stderr);
        var lint = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        AssertOk(lint);
        Assert.DoesNotContain("unittest", lint.Stderr, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }
}
