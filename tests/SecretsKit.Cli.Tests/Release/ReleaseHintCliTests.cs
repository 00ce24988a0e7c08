using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The hints of <c>secretskit release</c> for a secret outside the rules, through the real process on examples/helmfile:
/// each leads with the fix that keeps the secret a secret (the exact <c>secretskit encrypt -i</c> line that works from
/// where the user is, restoring the file) and names the way around the refusal only with what it costs.
/// </summary>
public sealed class ReleaseHintCliTests
{
    private const string PlainSecret = "plain-token-committed-by-mistake";

    private static string Hint(ProcessRun.Result r) =>
        r.Stderr.Split('\n').Single(l => l.StartsWith("secretskit: hint: ", StringComparison.Ordinal))["secretskit: hint: ".Length..];

    [Fact]
    public async Task A_plaintext_secrets_file_hint_leads_with_the_encrypt_line_that_works_from_the_current_directory()
    {
        using var box = new HelmfileSandbox();
        File.WriteAllText(box.PathOf("values/api-secrets.yaml"), $"token: {PlainSecret}\n");
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag", "    secrets:\n      - values/api-secrets.yaml\n    set:\n      - name: image.tag");
        var above = Path.GetDirectoryName(box.WorkDir)!;

        var r = await CliRunner.RunAsync(["release", "-f", "helmfile/helmfile.yaml", "-e", "staging", "lint", "--skip-validate", "--skip-policy"], box.Env(), cwd: above);

        Assert.Equal(1, r.ExitCode);
        var hint = Hint(r);
        Assert.StartsWith("encrypt it in place, with the keys .sops.yaml's creation_rules give it: secretskit encrypt -i helmfile/values/api-secrets.yaml;", hint, StringComparison.Ordinal);
        Assert.Contains("--allow-unencrypted-secrets (or moving it under values:) would deploy it as it is, its values readable by anyone who can read the file or the repository", hint, StringComparison.Ordinal);
        Assert.DoesNotContain(PlainSecret, r.Stderr + r.StdoutText, StringComparison.Ordinal);

        // the line, run as given where the rules cover the file, is the fix: the release then passes with no flag
        File.AppendAllText(box.PathOf(".sops.yaml"), "  - path_regex: values/[^/]+-secrets\\.yaml$\n    age: age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl\n");
        var encrypt = await CliRunner.RunAsync(["encrypt", "-i", "helmfile/values/api-secrets.yaml"], box.Env(), cwd: above);
        Assert.True(encrypt.ExitCode == 0, encrypt.Stderr);
        var again = await CliRunner.RunAsync(["release", "-f", "helmfile/helmfile.yaml", "-e", "staging", "template", "--skip-validate", "--skip-policy"], box.Env(), cwd: above);
        Assert.True(again.ExitCode == 0, again.Stderr);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_plaintext_environment_secrets_file_hint_names_that_file()
    {
        using var box = new HelmfileSandbox();
        File.WriteAllText(box.PathOf("environments/staging/secrets.yaml"), $"db:\n  password: {PlainSecret}\napi:\n  token: x\n");

        var r = await box.RunAsync("-e", "staging", "lint");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("encrypt it in place, with the keys .sops.yaml's creation_rules give it: secretskit encrypt -i environments/staging/secrets.yaml;", Hint(r), StringComparison.Ordinal);
        Assert.DoesNotContain(PlainSecret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_prod_secrets_file_hint_leads_with_restoring_or_creating_it_and_says_what_warn_would_cost()
    {
        using var box = new HelmfileSandbox();
        File.Delete(box.PathOf("environments/prod/secrets.yaml"));

        var r = await box.RunAsync("-e", "prod", "lint");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("environments.prod secrets: secrets file environments/prod/secrets.yaml does not exist", r.Stderr, StringComparison.Ordinal);
        var hint = Hint(r);
        Assert.StartsWith("restore it (from Git or wherever the team keeps it), or create it and encrypt it in place: secretskit encrypt -i environments/prod/secrets.yaml;", hint, StringComparison.Ordinal);
        Assert.Contains("missingFileHandler: Warn would let the run go on without it: the release would deploy without these secrets", hint, StringComparison.Ordinal);
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task A_missing_values_file_hint_says_warn_would_deploy_without_its_values()
    {
        using var box = new HelmfileSandbox();
        File.Delete(box.PathOf("values/worker.yaml"));

        var r = await box.RunAsync("-e", "staging", "lint");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("create the file or fix the path. missingFileHandler: Warn would skip it with a warning only, so a mistyped path would deploy without its values",
            Hint(r));
    }
}
