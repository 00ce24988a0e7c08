using System.Text.Json;

namespace SecretsKit.Cli.Tests.Git;

/// <summary>
/// <c>scan --staged</c> during a conflicted merge, through the real process and a real <c>git merge</c>: the index holds a
/// conflicted path as three stages (base, ours, theirs), which read as three files crashed the scan ("An item with the
/// same key has already been added"). A path in conflict is one <c>merge-conflict</c> finding (nothing of it is staged
/// yet) and the other staged files are scanned as always; once the file is resolved and staged, the scan reads what the
/// commit will hold: a clean resolution passes, a file staged with its conflict markers is reported, also by the
/// pre-commit hook of <c>git commit -a</c>.
/// </summary>
public sealed class ScanMergeConflictTests
{
    private const string ConflictLine = "secrets/app.yaml: has an unresolved merge conflict, so nothing of it is staged yet; "
        + "resolve it, stage the result (git add) and scan again";

    [Fact]
    public async Task A_conflicted_file_is_one_finding_and_the_resolved_file_is_scanned_once_staged()
    {
        using var git = new GitSandbox();
        await MergeInConflictAsync(git);

        var text = await git.CliAsync("scan", "--staged", ".");
        var json = await git.CliAsync("scan", "--staged", "--format", "json", ".");

        Assert.True(text.ExitCode == 1, text.StdoutText + text.Stderr);
        Assert.Equal("", text.Stderr);
        Assert.Equal(ConflictLine + "\nsecrets/other.yaml: not encrypted\n", text.StdoutText);
        Assert.Equal(1, json.ExitCode);
        var findings = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var conflict = Assert.Single(findings, f => f.GetProperty("path").GetString() == "secrets/app.yaml");
        Assert.Equal("merge-conflict", conflict.GetProperty("rule").GetString());
        Assert.Equal(ConflictLine, conflict.GetProperty("message").GetString());
        Assert.DoesNotContain("hunter", text.StdoutText + json.StdoutText, StringComparison.Ordinal);

        // resolved with the other side and staged, the plaintext file encrypted: what the commit will hold is clean
        await git.GitOkAsync("checkout", "--theirs", "secrets/app.yaml");
        Assert.Equal(0, (await git.CliAsync("encrypt", "-i", "secrets/other.yaml")).ExitCode);
        await git.GitOkAsync("add", "secrets/app.yaml", "secrets/other.yaml");
        var resolved = await git.CliAsync("scan", "--staged", ".");
        Assert.True(resolved.ExitCode == 0, resolved.StdoutText + resolved.Stderr);
        Assert.Equal("", resolved.StdoutText);
    }

    [Fact]
    public async Task A_file_staged_with_its_conflict_markers_is_refused_by_the_pre_commit_hook()
    {
        using var git = new GitSandbox();
        await MergeInConflictAsync(git);
        git.InstallExamplePreCommitHook();
        Assert.Equal(0, (await git.CliAsync("encrypt", "-i", "secrets/other.yaml")).ExitCode);
        await git.GitOkAsync("add", "secrets/other.yaml");

        var refused = await git.GitAsync("commit", "-a", "-q", "-m", "merge");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("secrets/app.yaml: not encrypted (cannot be parsed as yaml)", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, (await git.GitAsync("ls-files", "-s", "secrets/app.yaml")).StdoutText.TrimEnd('\n').Split('\n').Length);
    }

    /// <summary>
    /// Brings the repository into a merge that <c>git merge</c> left in conflict: both branches set the same value of an encrypted
    /// file a rule matches; the other branch also adds a plaintext secrets file, which merges cleanly.
    /// </summary>
    private static async Task MergeInConflictAsync(GitSandbox git)
    {
        await git.InitAsync();
        git.Write(".sops.yaml", $"creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: {TestKeys.AgeRecipient}\n");
        git.Write("secrets/app.yaml", "password: hunter1\n");
        await CliOkAsync(git, "encrypt", "-i", "secrets/app.yaml");
        await git.GitOkAsync("add", "-A");
        await git.GitOkAsync("commit", "-q", "-m", "app");
        await git.GitOkAsync("checkout", "-q", "-b", "other");
        await CliOkAsync(git, "set", "secrets/app.yaml", "[\"password\"]", "\"hunter2\"");
        git.Write("secrets/other.yaml", "password: hunter4\n");
        await git.GitOkAsync("add", "-A");
        await git.GitOkAsync("commit", "-q", "-m", "other");
        await git.GitOkAsync("checkout", "-q", "main");
        await CliOkAsync(git, "set", "secrets/app.yaml", "[\"password\"]", "\"hunter3\"");
        await git.GitOkAsync("commit", "-q", "-a", "-m", "main");

        var merge = await git.GitAsync("merge", "other");
        Assert.True(merge.ExitCode == 1, merge.StdoutText + merge.Stderr);
        Assert.Contains("CONFLICT (content): Merge conflict in secrets/app.yaml", merge.StdoutText, StringComparison.Ordinal);
        var stages = (await git.GitAsync("ls-files", "-s")).StdoutText;
        Assert.Contains(" 3\tsecrets/app.yaml", stages, StringComparison.Ordinal);
        Assert.Contains(" 0\tsecrets/other.yaml", stages, StringComparison.Ordinal);
    }

    private static async Task CliOkAsync(GitSandbox git, params string[] args)
    {
        var r = await git.CliAsync(args);
        Assert.True(r.ExitCode == 0, $"secretskit {string.Join(' ', args)}: {r.StdoutText}\n{r.Stderr}");
    }
}
