using System.Text.RegularExpressions;

namespace SecretsKit.Cli.Tests.Git;

/// <summary><c>merge</c> as a real git merge driver, configured exactly as examples/git/README.md says.</summary>
public sealed class MergeDriverTests
{
    private const string Original = "a: alpha-0\nb: bravo-0\nc: charlie-0\n";

    private static async Task<GitSandbox> RepoAsync()
    {
        var git = new GitSandbox();
        await git.InitAsync();
        var readme = File.ReadAllText(GitSandbox.Example("git/README.md"));
        foreach (Match m in Regex.Matches(readme, "^   git config (merge\\.secretskit\\.\\w+) \"([^\"]+)\"$", RegexOptions.Multiline))
        {
            await git.GitOkAsync("config", m.Groups[1].Value, m.Groups[2].Value);
        }
        Assert.Equal(0, (await git.GitAsync("config", "merge.secretskit.driver")).ExitCode);
        File.Copy(GitSandbox.Example("git/.gitattributes"), git.PathOf(".gitattributes"));
        var file = git.Write("secrets.enc.yaml", Original);
        var enc = await git.CliAsync("encrypt", "-i", "--age", TestKeys.AgeRecipient, file);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        await git.GitOkAsync("add", ".");
        await git.GitOkAsync("commit", "-q", "-m", "base");
        return git;
    }

    private static async Task EditAsync(GitSandbox git, string from, string to, string message)
    {
        var editor = Path.Combine(git.Repo, "..", "editor.sh");
        File.WriteAllText(editor, "#!/bin/sh\nsed -i \"s/$FROM/$TO/\" \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string?>(git.Env) { ["EDITOR"] = editor, ["FROM"] = from, ["TO"] = to };
        var r = await CliRunner.RunAsync(["edit", "secrets.enc.yaml"], env, cwd: git.Repo);
        Assert.True(r.ExitCode == 0, r.Stderr);
        await git.GitOkAsync("commit", "-q", "-am", message);
    }

    private static async Task<string> DecryptAsync(GitSandbox git)
    {
        var r = await git.CliAsync("decrypt", "secrets.enc.yaml");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.StdoutText;
    }

    [Fact]
    public async Task Merge_of_changes_to_different_keys_succeeds_and_decrypts_with_a_valid_mac_to_both_changes()
    {
        using var git = await RepoAsync();
        await git.GitOkAsync("checkout", "-q", "-b", "feature");
        await EditAsync(git, "alpha-0", "alpha-feature", "feature changes a");
        await git.GitOkAsync("checkout", "-q", "main");
        await EditAsync(git, "bravo-0", "bravo-main", "main changes b");
        var cUnchanged = File.ReadAllLines(git.PathOf("secrets.enc.yaml")).Single(l => l.StartsWith("c:", StringComparison.Ordinal));

        var merge = await git.GitAsync("merge", "--no-edit", "feature");

        Assert.True(merge.ExitCode == 0, merge.StdoutText + merge.Stderr);
        Assert.Equal("a: alpha-feature\nb: bravo-main\nc: charlie-0\n", await DecryptAsync(git));
        Assert.Contains(cUnchanged, File.ReadAllLines(git.PathOf("secrets.enc.yaml")));
        Assert.Equal("", (await git.GitAsync("status", "--porcelain")).StdoutText);
    }

    [Fact]
    public async Task Merge_of_different_changes_to_one_key_conflicts_by_path_without_revealing_values()
    {
        using var git = await RepoAsync();
        await git.GitOkAsync("checkout", "-q", "-b", "feature");
        await EditAsync(git, "alpha-0", "alpha-feature", "feature changes a");
        await git.GitOkAsync("checkout", "-q", "main");
        await EditAsync(git, "alpha-0", "alpha-main", "main changes a");
        var mainBytes = File.ReadAllBytes(git.PathOf("secrets.enc.yaml"));

        var merge = await git.GitAsync("merge", "--no-edit", "feature");

        Assert.NotEqual(0, merge.ExitCode);
        var output = merge.StdoutText + merge.Stderr;
        Assert.Contains("CONFLICT (content): secret values differ at a:", output, StringComparison.Ordinal);
        Assert.Equal(mainBytes, File.ReadAllBytes(git.PathOf("secrets.enc.yaml")));
        foreach (var value in new[] { "alpha-main", "alpha-feature", "alpha-0", "bravo-0" })
        {
            Assert.DoesNotContain(value, output, StringComparison.Ordinal);
            Assert.DoesNotContain(value, File.ReadAllText(git.PathOf("secrets.enc.yaml")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Merge_whose_result_equals_current_leaves_the_file_byte_identical()
    {
        using var git = await RepoAsync();
        await git.GitOkAsync("checkout", "-q", "-b", "feature");
        await EditAsync(git, "alpha-0", "alpha-both", "feature changes a");
        await git.GitOkAsync("checkout", "-q", "main");
        await EditAsync(git, "alpha-0", "alpha-both", "main makes the same change");
        var mainBytes = File.ReadAllBytes(git.PathOf("secrets.enc.yaml"));
        Assert.NotEqual(mainBytes, (await git.GitAsync("show", "feature:secrets.enc.yaml")).Stdout);

        var merge = await git.GitAsync("merge", "--no-edit", "feature");

        Assert.True(merge.ExitCode == 0, merge.StdoutText + merge.Stderr);
        Assert.Equal(mainBytes, File.ReadAllBytes(git.PathOf("secrets.enc.yaml")));
        Assert.Equal("a: alpha-both\nb: bravo-0\nc: charlie-0\n", await DecryptAsync(git));
    }
}
