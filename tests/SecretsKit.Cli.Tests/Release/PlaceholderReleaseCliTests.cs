using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A new environment started with <c>secretskit clone --keys-only</c> is refused by <c>release lint</c> (the policy stage,
/// SK-PLACEHOLDER-001) until every placeholder is set, through the real process and the real helm 3.10.1: examples/pipeline
/// with a <c>qa</c> environment whose secrets file is prod's keys with <c>CHANGE_ME</c> values, encrypted for qa's key only.
/// </summary>
public sealed class PlaceholderReleaseCliTests
{
    [Fact]
    public async Task Lint_refuses_each_secret_still_holding_the_clone_placeholder_and_passes_once_they_are_set()
    {
        using var dir = new TempDir("sk-placeholder-");
        var work = dir.File("pipeline");
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", "pipeline"), work);
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", "pipeline-app"), dir.File("pipeline-app"));
        var key = dir.File("qa.txt");
        var keygen = await ProcessRun.RunAsync("age-keygen", ["-o", key]);
        Assert.True(keygen.ExitCode == 0, keygen.Stderr);
        var recipient = File.ReadAllLines(key).Single(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..];
        File.AppendAllText(Path.Combine(work, ".sops.yaml"), $"  - path_regex: secrets/qa/[^/]+\\.yaml$\n    age: {recipient}\n");
        var state = File.ReadAllText(Path.Combine(work, "secretskit-release.yaml"));
        File.WriteAllText(Path.Combine(work, "secretskit-release.yaml"), state.Replace("  prod:\n    kubeContext: prod\n", "  prod:\n    kubeContext: prod\n  qa:\n    kubeContext: qa\n", StringComparison.Ordinal));
        foreach (var release in new[] { "backend", "frontend" })
        {
            File.Copy(Path.Combine(work, "values", release, "dev.yaml"), Path.Combine(work, "values", release, "qa.yaml"));
        }
        using var real = new RealHelm();
        var env = real.Environment();
        env["TMPDIR"] = Directory.CreateDirectory(dir.File("tmp")).FullName;

        var clone = await CliRunner.RunAsync(["clone", "--keys-only", "secrets/prod/secrets.yaml", "secrets/qa/secrets.yaml"], env, cwd: work);
        Assert.True(clone.ExitCode == 0, clone.Stderr);
        env["SOPS_AGE_KEY_FILE"] = key;

        var refused = await CliRunner.RunAsync(["release", "-e", "qa", "lint", "--skip-unittest"], env, cwd: work, timeout: TimeSpan.FromMinutes(5));
        Assert.True(refused.ExitCode == 1, refused.StdoutText + refused.Stderr);
        Assert.Contains("secretskit: release shop/backend: policy failed\n", refused.Stderr, StringComparison.Ordinal);
        foreach (var name in new[] { "apiToken", "dbPassword" })
        {
            Assert.Contains($"  | release shop/backend: values: secrets.{name}: SK-PLACEHOLDER-001 (CRITICAL) Secret still holds its placeholder: values key secrets.{name} (secrets/qa/secrets.yaml) is still CHANGE_ME",
                refused.Stderr, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("recipients (qa)", refused.Stderr, StringComparison.Ordinal); // the clone is encrypted for qa's rule only

        foreach (var (name, value) in new[] { ("apiToken", "qa-api-token-typed-in-9c1"), ("dbPassword", "qa-db-password-typed-in-2b7") })
        {
            var set = await CliRunner.RunAsync(["set", "secrets/qa/secrets.yaml", $"[\"secrets\"][\"{name}\"]", $"\"{value}\""], env, cwd: work);
            Assert.True(set.ExitCode == 0, set.Stderr);
        }
        var passed = await CliRunner.RunAsync(["release", "-e", "qa", "lint", "--skip-unittest"], env, cwd: work, timeout: TimeSpan.FromMinutes(5));
        Assert.True(passed.ExitCode == 0, passed.StdoutText + passed.Stderr);
        Assert.DoesNotContain("SK-PLACEHOLDER-001", passed.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(env["TMPDIR"]!));
    }
}
