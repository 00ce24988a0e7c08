using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Git;

/// <summary>
/// <c>scan</c> under a catch-all creation rule: a rule says how to encrypt a file, not that every matching file must be
/// encrypted, so only plaintext that looks like secrets is reported unless <c>--all</c> or <c>scan.require_encrypted</c>.
/// </summary>
public sealed class ScanCatchAllTests
{
    private static string CatchAll(string extra = "") => $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\n{extra}";

    private static void WriteMixedTree(TempDir dir)
    {
        dir.Write("README.md", "# app\nSet password: in secrets.yaml\n");
        dir.Write(".gitattributes", "*.yaml diff=sopsdiffer\n");
        dir.Write("chart/.helmignore", ".git/\n");
        dir.Write("chart/values.yaml", "replicas: 3\nexistingSecret: app-db\nauth:\n  password: \"\"\nserviceAccountToken: true\n");
        dir.Write("chart/templates/secret.yaml", "{{- if .Values.secrets }}\nkind: Secret\ndata:\n  {{ $key }}: {{ $value | b64enc }}\n{{- end }}\n");
        dir.Write("keys/age-demo.txt", "# public demo key\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n");
        dir.Write("config/app.yaml", "db:\n  host: db\n  password: hunter2\n");
        dir.Write("config/api.json", "{\"apiKey\": \"k-123\"}\n");
        dir.Write(".env", "LOG_LEVEL=debug\n");
        dir.Write("deploy/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  user: YWRtaW4=\n");
        dir.Write("secrets/app.yaml", "db:\n  host: db\n");
    }

    [Fact]
    public async Task Catch_all_rule_reports_only_plaintext_that_looks_like_secrets()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", CatchAll());
        WriteMixedTree(dir);

        var r = await CliRunner.RunAsync(["scan"], cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            ".env: not encrypted\nconfig/api.json: not encrypted\nconfig/app.yaml: not encrypted\n" +
            "deploy/secret.yaml: not encrypted\nsecrets/app.yaml: not encrypted\n",
            r.StdoutText);
        Assert.DoesNotContain("hunter2", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_all_and_a_rule_with_scan_require_encrypted_report_every_plaintext_file_the_rule_matches()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", CatchAll());
        WriteMixedTree(dir);
        using var opted = new TempDir();
        opted.Write(".sops.yaml", CatchAll("    scan:\n      require_encrypted: true\n"));
        WriteMixedTree(opted);

        var all = await CliRunner.RunAsync(["scan", "--all"], cwd: dir.Path);
        var rule = await CliRunner.RunAsync(["scan"], cwd: opted.Path);

        Assert.Equal(1, all.ExitCode);
        Assert.Contains("README.md: not encrypted", all.StdoutText, StringComparison.Ordinal);
        Assert.Contains(".gitattributes: not encrypted", all.StdoutText, StringComparison.Ordinal);
        Assert.Contains("chart/values.yaml: not encrypted", all.StdoutText, StringComparison.Ordinal);
        Assert.Equal(all.StdoutText, rule.StdoutText);
    }

    [Fact]
    public async Task Pre_commit_hook_with_a_catch_all_rule_commits_a_readme_and_refuses_a_plaintext_password()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.InstallExamplePreCommitHook();
        git.Write(".sops.yaml", CatchAll());
        git.Write("README.md", "# app\n");
        git.Write(".gitattributes", "*.yaml diff=sopsdiffer\n");
        await git.GitOkAsync("add", ".sops.yaml", "README.md", ".gitattributes");
        await git.GitOkAsync("commit", "-q", "-m", "docs");

        git.Write("config/app.yaml", "password: hunter2\n");
        await git.GitOkAsync("add", "config/app.yaml");
        var refused = await git.GitAsync("commit", "-q", "-m", "config");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("config/app.yaml: not encrypted", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_of_this_repository_finds_nothing_and_still_reports_a_planted_plaintext_secrets_file()
    {
        var root = SharedFixtures.RepositoryRoot;

        var repo = await CliRunner.RunAsync(["scan", "."], cwd: root, timeout: TimeSpan.FromMinutes(5));

        Assert.True(repo.ExitCode == 0, repo.StdoutText + repo.Stderr);
        Assert.Equal("", repo.StdoutText);

        using var copy = new TempDir();
        CopyTree(Path.Combine(root, "examples"), Path.Combine(copy.Path, "examples"));
        File.Copy(Path.Combine(root, ".secretskit-scan-allow"), copy.File(".secretskit-scan-allow")); // the published example keys
        // prod's secrets file decrypted in place (each environment's rule names its own file, so a new path would match none)
        copy.Write("examples/helmfile/environments/prod/secrets.yaml", "db:\n  password: planted\n");
        var planted = await CliRunner.RunAsync(["scan", "."], cwd: copy.Path, timeout: TimeSpan.FromMinutes(5));

        Assert.Equal(1, planted.ExitCode);
        Assert.Equal("examples/helmfile/environments/prod/secrets.yaml: not encrypted\n", planted.StdoutText);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
