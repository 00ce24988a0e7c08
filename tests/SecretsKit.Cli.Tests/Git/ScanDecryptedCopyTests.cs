namespace SecretsKit.Cli.Tests.Git;

/// <summary>
/// <c>scan</c> also reports decrypted copies of encrypted files (what <c>dec</c> wrote and recorded, <c>FILE.dec</c>, a
/// file equal to a decryption), checks the staged content as a pre-commit hook, and prints paths relative to the
/// working directory.
/// </summary>
public sealed class ScanDecryptedCopyTests
{
    private static string Config => $"creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: {TestKeys.AgeRecipient}\n";

    private static async Task<GitSandbox> RepoWithEncryptedSecretAsync()
    {
        var git = new GitSandbox();
        await git.InitAsync();
        git.Write(".sops.yaml", Config);
        git.Write("secrets/app.yaml", "password: hunter2\n");
        var enc = await git.CliAsync("encrypt", "-i", "secrets/app.yaml");
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        return git;
    }

    [Fact]
    public async Task Scan_reports_dec_output_its_list_and_a_file_equal_to_a_decryption_without_printing_values()
    {
        using var git = await RepoWithEncryptedSecretAsync();
        var dec = await git.CliAsync("dec", "secrets/app.yaml");
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        git.Write("backup/app-copy.txt", "password: hunter2\n");
        git.Write("notes.txt", "nothing secret\n");

        var scan = await git.CliAsync("scan");
        Assert.Equal(1, scan.ExitCode);
        var lines = scan.StdoutText.TrimEnd('\n').Split('\n');
        Assert.Contains("secrets/app.yaml.dec: not encrypted (a decrypted copy written by 'secretskit dec')", lines);
        // no .gitignore here: the list names a copy git would commit
        Assert.Contains(lines, l => l.StartsWith("secrets/.secretskit-dec: lists 1 decrypted copy 'secretskit dec' wrote that git does not ignore", StringComparison.Ordinal));
        Assert.Contains("backup/app-copy.txt: not encrypted (the same content as the decryption of secrets/app.yaml)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("notes.txt", StringComparison.Ordinal) || l.StartsWith("secrets/app.yaml:", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", scan.StdoutText + scan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dec_file_next_to_an_encrypted_file_is_reported_even_when_nothing_recorded_it()
    {
        using var git = await RepoWithEncryptedSecretAsync();
        git.Write("secrets/app.yaml.dec", "password: changed-by-hand\n");
        var scan = await git.CliAsync("scan");
        Assert.Equal(1, scan.ExitCode);
        Assert.Equal("secrets/app.yaml.dec: not encrypted (a decrypted copy of secrets/app.yaml)\n", scan.StdoutText);
    }

    [Fact]
    public async Task Pre_commit_hook_checks_the_staged_content_not_the_work_tree()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.InstallExamplePreCommitHook();
        git.Write(".sops.yaml", Config);
        git.Write("secrets/app.yaml", "password: hunter2\n");
        await git.GitOkAsync("add", ".sops.yaml", "secrets/app.yaml");
        // Encrypted in the work tree only: the commit would still hold the plaintext.
        Assert.Equal(0, (await git.CliAsync("encrypt", "-i", "secrets/app.yaml")).ExitCode);

        var refused = await git.GitAsync("commit", "-q", "-m", "plaintext staged");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("secrets/app.yaml: not encrypted", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);

        await git.GitOkAsync("add", "secrets/app.yaml");
        await git.GitOkAsync("commit", "-q", "-m", "encrypted");

        Assert.Equal(0, (await git.CliAsync("dec", "secrets/app.yaml")).ExitCode);
        await git.GitOkAsync("add", "-A");
        var decStaged = await git.GitAsync("commit", "-q", "-m", "oops");
        Assert.NotEqual(0, decStaged.ExitCode);
        Assert.Contains("secrets/app.yaml.dec: not encrypted", decStaged.StdoutText + decStaged.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", decStaged.StdoutText + decStaged.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_of_a_subdirectory_prints_paths_relative_to_the_working_directory()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.Write(".sops.yaml", Config);
        git.Write("secrets/app.yaml", "password: hunter2\n");
        var scan = await git.CliAsync("scan", "secrets");
        Assert.Equal(1, scan.ExitCode);
        Assert.Equal("secrets/app.yaml: not encrypted\n", scan.StdoutText);
    }
}
