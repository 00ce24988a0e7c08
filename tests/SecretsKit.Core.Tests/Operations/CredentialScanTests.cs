using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Operations;

/// <summary>
/// <c>scan</c>'s credential pass over whole directories: a git work tree's files whatever the rules say (a committed
/// Secret with a GitHub token outside every rule is found), a directory outside git within its file budget, the allow
/// file per file and per rule, and this repository itself: with no allow file its only findings are the test fixtures
/// and the published example age key, reported as before.
/// </summary>
public sealed class CredentialScanTests
{
    private static PlaintextScanner Scanner(string cwd) =>
        new(new MapEnvironment(new Dictionary<string, string>(), cwd, cwd), SystemProcessRunner.Instance);

    private static async Task GitAsync(string dir, params string[] args)
    {
        var r = await ProcessRun.RunAsync("git", ["-C", dir, .. args], new Dictionary<string, string?> { ["GIT_CONFIG_NOSYSTEM"] = "1" });
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public async Task Planted_credentials_in_a_git_work_tree_are_found_whatever_the_creation_rules_say()
    {
        using var dir = new TempDir();
        var planted = PlantedCredentials.Create();
        planted.WriteTo(dir.Path);
        dir.Write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/\n    age: age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl\n");
        await GitAsync(dir.Path, "init", "-q");

        var findings = await Scanner(dir.Path).ScanAsync(".", null);

        Assert.Equal(planted.Expected.Select(e => $"{e.Path} {e.Rule} {e.Line}").Order(StringComparer.Ordinal),
            findings.Select(f => $"{f.Path} {f.RuleId} {f.Line}").Order(StringComparer.Ordinal));
        var text = string.Join('\n', findings.Select(f => f.Describe()));
        Assert.DoesNotContain(planted.Values, v => text.Contains(v, StringComparison.Ordinal));
        Assert.Contains("k8s/ci-token.yaml: holds what looks like a GitHub token (github-pat, line 6); remove it from git and revoke it", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_allow_file_allows_a_whole_file_or_only_the_rules_it_names()
    {
        using var dir = new TempDir();
        var planted = PlantedCredentials.Create();
        planted.WriteTo(dir.Path);
        dir.Write(".secretskit-scan-allow", "# published on purpose\ndeploy/\nci/tokens.yaml jwt npm-access-token\n");

        var findings = await Scanner(dir.Path).ScanAsync(".", null);

        Assert.DoesNotContain(findings, f => f.Path.StartsWith("deploy/", StringComparison.Ordinal));
        var tokens = findings.Where(f => f.Path == "ci/tokens.yaml").Select(f => f.RuleId).ToList();
        Assert.Equal(8, tokens.Count);
        Assert.DoesNotContain("jwt", tokens);
        Assert.DoesNotContain("npm-access-token", tokens);
        Assert.Contains(findings, f => f.Path == "k8s/db.yaml");
    }

    [Fact]
    public async Task A_directory_outside_git_is_read_within_the_file_budget_and_going_over_it_is_a_finding()
    {
        using var dir = new TempDir();
        for (var i = 0; i < 12; i++) dir.Write($"f{i:00}.txt", "nothing\n");

        var within = await Scanner(dir.Path).ScanAsync(".", null, new ScanOptions(MaxFiles: 12));
        var over = await Scanner(dir.Path).ScanAsync(".", null, new ScanOptions(MaxFiles: 10));

        Assert.Empty(within);
        var budget = Assert.Single(over);
        Assert.Equal("scan-budget", budget.RuleId);
        Assert.StartsWith(".: holds more than 10 files, the budget of a scan outside a git work tree", budget.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_and_binary_files_are_not_read()
    {
        using var dir = new TempDir();
        var planted = PlantedCredentials.Create();
        var token = planted.Files["ci/tokens.yaml"];
        dir.Write("big.txt", token + new string('#', (int)CredentialScan.MaxFileBytes));
        dir.Write("image.bin", "\0PNG\n" + token);
        dir.Write("small.txt", token);

        var findings = await Scanner(dir.Path).ScanAsync(".", null);

        Assert.Equal(["small.txt"], findings.Select(f => f.Path).Distinct());
    }

    [Fact]
    public async Task This_repository_with_no_allow_file_holds_credentials_only_in_test_fixtures_and_the_published_example_keys()
    {
        var root = SharedFixtures.RepositoryRoot;
        var listing = await ProcessRun.RunAsync("git", ["-C", root, "ls-files", "-z"]);
        Assert.True(listing.ExitCode == 0, "this test reads the repository's tracked files: " + listing.Stderr);
        var files = ScannedFile.FromDisk(root, System.Text.Encoding.UTF8.GetString(listing.Stdout).Split('\0', StringSplitOptions.RemoveEmptyEntries));

        var findings = new CredentialScan(ScanAllowList.Parse(""), f => f.Relative).Find(files, new HashSet<string>()).ToList();

        var outsideTests = findings.Where(f => !f.Path.StartsWith("tests/", StringComparison.Ordinal)).Select(f => f.Describe()).ToList();
        // the demo key and one key per example environment (examples/helmfile, examples/pipeline)
        Assert.Equal(
            new[] { "age-dev.txt", "age-example.txt", "age-prod.txt", "age-staging.txt" }.Select(key =>
                $"examples/keys/{key}: holds a private key (age identity, line 4); remove it from git and replace the key, which stays in the history"),
            outsideTests);
    }
}
