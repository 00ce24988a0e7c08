using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Git;

/// <summary><c>scan</c>: reports plaintext and partly plaintext files that a creation rule covers, as a pre-commit hook.</summary>
public sealed class ScanTests
{
    private static string Config => $"creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: {TestKeys.AgeRecipient}\n";

    private static async Task EncryptInPlaceAsync(string path, string cwd)
    {
        var r = await CliRunner.RunAsync(["encrypt", "-i", path], cwd: cwd);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public async Task Scan_reports_plaintext_and_hand_added_values_but_not_encrypted_or_unmatched_files_and_exits_1()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", Config);
        dir.Write("secrets/plain.yaml", "password: hunter2\n");
        var partial = dir.Write("secrets/partial.yaml", "db:\n    user: admin\n");
        await EncryptInPlaceAsync(partial, dir.Path);
        File.WriteAllText(partial, File.ReadAllText(partial).Replace("sops:\n", "token: s3cr3t-added-by-hand\nsops:\n", StringComparison.Ordinal));
        var good = dir.Write("secrets/good.yaml", "api_key: abc123\nport_unencrypted: 8080\n");
        await EncryptInPlaceAsync(good, dir.Path);
        dir.Write("values.yaml", "replicas: 3\n");

        var r = await CliRunner.RunAsync(["scan"], cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("secrets/partial.yaml: key path token: is not encrypted\nsecrets/plain.yaml: not encrypted\n", r.StdoutText);
        Assert.DoesNotContain("hunter2", r.StdoutText + r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_follows_the_files_own_crypt_rules_for_hand_added_values()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", Config);
        var path = dir.Write("secrets/app.yaml", "user: admin\npassword: hunter1\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--encrypted-regex", "^password", path], cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        File.WriteAllText(path, File.ReadAllText(path).Replace("sops:\n", "note: plain-by-design\npassword_new: hunter5\nsops:\n", StringComparison.Ordinal));

        var r = await CliRunner.RunAsync(["scan", "--format", "json"], cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("\"keyPath\": \"password_new:\"", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("note:", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("user:", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_of_a_clean_tree_exits_0_and_json_format_says_clean()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", Config);
        var good = dir.Write("secrets/good.yaml", "api_key: abc123\n");
        await EncryptInPlaceAsync(good, dir.Path);
        dir.Write("values.yaml", "replicas: 3\n");
        dir.Write("node_modules/secrets/x.yaml", "password: hunter2\n");

        var text = await CliRunner.RunAsync(["scan", dir.Path]);
        var json = await CliRunner.RunAsync(["scan", dir.Path, "--format", "json"]);

        Assert.True(text.ExitCode == 0, text.StdoutText + text.Stderr);
        Assert.Equal("", text.StdoutText);
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("\"clean\": true", json.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_pre_commit_hook_blocks_a_plaintext_secret_and_passes_once_it_is_encrypted()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.InstallExamplePreCommitHook();
        git.Write(".sops.yaml", Config);
        git.Write("values.yaml", "replicas: 3\n");
        var secret = git.Write("secrets/app.yaml", "password: hunter2\n");
        git.Write(".gitignore", "ignored/\n");
        git.Write("ignored/secrets/local.yaml", "password: not-committed\n");
        await git.GitOkAsync("add", ".sops.yaml", "values.yaml", "secrets/app.yaml", ".gitignore");

        var refused = await git.GitAsync("commit", "-q", "-m", "add secrets");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("secrets/app.yaml: not encrypted", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ignored/", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);

        var enc = await git.CliAsync("encrypt", "-i", secret);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        await git.GitOkAsync("add", "secrets/app.yaml");
        await git.GitOkAsync("commit", "-q", "-m", "add secrets");
    }

    [Fact]
    public void Pre_commit_framework_example_runs_secretskit_scan_as_a_local_system_hook()
    {
        var text = File.ReadAllText(GitSandbox.Example("pre-commit/.pre-commit-config.yaml"));
        var tree = new SecretsKit.Core.Formats.Yaml.YamlFormat().ParsePlain(System.Text.Encoding.UTF8.GetBytes(text));
        var repo = (SecretsKit.Core.Tree.TreeBranch)((SecretsKit.Core.Tree.Sequence)tree.Branches[0].Get("repos")!).Items[0];
        Assert.Equal(new SecretsKit.Core.Tree.StringValue("local"), repo.Get("repo"));
        var hook = (SecretsKit.Core.Tree.TreeBranch)((SecretsKit.Core.Tree.Sequence)repo.Get("hooks")!).Items[0];
        Assert.Equal(new SecretsKit.Core.Tree.StringValue("secretskit scan"), hook.Get("entry"));
        Assert.Equal(new SecretsKit.Core.Tree.StringValue("system"), hook.Get("language"));
    }
}
