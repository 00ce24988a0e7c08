using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Git;

/// <summary>
/// <c>scan</c> over every text file of a repository, whatever the creation rules say, through the real process: a
/// fixture repository with a planted credential of every kind (cloud keys, tokens, a committed Secret with a GitHub
/// token as in the issue, a plaintext Secret, a random value under a secret name) gives each one's rule and line and
/// exit 1, never a value, also as JSON and as the pre-commit hook; the allow file takes them back per file and rule;
/// this repository itself is clean (its examples give no false positive; its published example age key is allowed by
/// its allow file, as before); and a <c>.secretskit-dec</c> list whose copies git ignores is no finding.
/// </summary>
public sealed class ScanCredentialsTests
{
    [Fact]
    public async Task Planted_credentials_of_every_kind_are_reported_by_rule_and_line_without_their_values()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        var planted = PlantedCredentials.Create();
        planted.WriteTo(git.Repo);
        git.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/\n    age: {TestKeys.AgeRecipient}\n");
        await git.GitOkAsync("add", "-A");

        var scan = await git.CliAsync("scan", ".");
        var json = await git.CliAsync("scan", "--format", "json", ".");

        Assert.Equal(1, scan.ExitCode);
        var lines = scan.StdoutText.TrimEnd('\n').Split('\n');
        Assert.Equal(planted.Expected.Count, lines.Length);
        foreach (var (path, rule, line) in planted.Expected)
        {
            Assert.Contains(lines, l => l.StartsWith(path + ": ", StringComparison.Ordinal) && l.Contains($" ({rule}, line {line}); ", StringComparison.Ordinal));
        }
        Assert.Contains("k8s/ci-token.yaml: holds what looks like a GitHub token (github-pat, line 6); remove it from git and revoke it, it stays in the history", lines);
        Assert.Contains("k8s/db.yaml: is a Kubernetes Secret with data.username in plaintext (kubernetes-secret-yaml, line 11); "
            + "encrypt the file (secretskit encrypt -i) or render the Secret from encrypted values; what was committed stays in the history", lines);
        Assert.Equal(1, json.ExitCode);
        var findings = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Path: f.GetProperty("path").GetString()!, Rule: f.GetProperty("rule").GetString()!, Line: f.GetProperty("line").GetInt32())).ToList();
        Assert.Equal(planted.Expected.Order(), findings.Order());
        foreach (var value in planted.Values)
        {
            Assert.DoesNotContain(value, scan.StdoutText + scan.Stderr + json.StdoutText + json.Stderr, StringComparison.Ordinal);
        }

        git.Write(".secretskit-scan-allow", "deploy/\nci/tokens.yaml jwt\nk8s/ github-pat kubernetes-secret-yaml\nconfig/app.ini generic-api-key\nci/tokens.yaml github-pat github-oauth github-app-token github-fine-grained-pat gitlab-pat slack-access-token stripe-access-token npm-access-token pypi-upload-token\n");
        var allowed = await git.CliAsync("scan", ".");
        Assert.True(allowed.ExitCode == 0, allowed.StdoutText + allowed.Stderr);
    }

    [Fact]
    public async Task The_pre_commit_hook_refuses_a_commit_of_a_Secret_with_a_token_outside_every_rule()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.InstallExamplePreCommitHook();
        git.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/\n    age: {TestKeys.AgeRecipient}\n");
        var planted = PlantedCredentials.Create(3);
        git.Write("deploy/ci-token.yaml", planted.Files["k8s/ci-token.yaml"]);
        await git.GitOkAsync("add", "-A");

        var refused = await git.GitAsync("commit", "-q", "-m", "ci token");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("deploy/ci-token.yaml: holds what looks like a GitHub token (github-pat, line 6)", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(planted.Values, v => (refused.StdoutText + refused.Stderr).Contains(v, StringComparison.Ordinal));
    }

    [Fact]
    public async Task This_repository_scans_clean_with_its_allow_file()
    {
        // the staged content (in a clone: HEAD), so files a run of the suite leaves in the work tree do not count
        var scan = await CliRunner.RunAsync(["scan", "--staged", "."], cwd: SharedFixtures.RepositoryRoot, timeout: TimeSpan.FromMinutes(5));

        Assert.True(scan.ExitCode == 0, scan.StdoutText + scan.Stderr);
        Assert.Equal("", scan.StdoutText);
        var allow = File.ReadAllLines(Path.Combine(SharedFixtures.RepositoryRoot, ".secretskit-scan-allow"));
        Assert.Contains("examples/keys/age-example.txt", allow);
    }

    [Fact]
    public async Task A_dec_list_whose_copies_git_ignores_is_no_finding_and_one_with_a_copy_git_would_commit_is()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.Write(".sops.yaml", $"creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: {TestKeys.AgeRecipient}\n");
        git.Write(".gitignore", "*.dec\n");
        git.Write("secrets/app.yaml", "password: hunter2\n");
        Assert.Equal(0, (await git.CliAsync("encrypt", "-i", "secrets/app.yaml")).ExitCode);
        Assert.Equal(0, (await git.CliAsync("dec", "secrets/app.yaml")).ExitCode);
        Assert.True(File.Exists(git.PathOf("secrets/.secretskit-dec")));

        var ignored = await git.CliAsync("scan", ".");
        Assert.True(ignored.ExitCode == 0, ignored.StdoutText + ignored.Stderr);

        git.Write(".gitignore", "");
        var exposed = await git.CliAsync("scan", ".");
        Assert.Equal(1, exposed.ExitCode);
        Assert.Contains("secrets/.secretskit-dec: lists 1 decrypted copy 'secretskit dec' wrote that git does not ignore; run 'secretskit clean' (or ignore them in .gitignore)",
            exposed.StdoutText, StringComparison.Ordinal);
        Assert.Contains("secrets/app.yaml.dec: not encrypted (a decrypted copy written by 'secretskit dec')", exposed.StdoutText, StringComparison.Ordinal);
    }
}
