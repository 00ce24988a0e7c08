using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Git;

/// <summary>
/// <c>scan</c>, the pre-commit check, reports committed private keys in any file, whatever the creation rules say: an
/// age identity (also a post-quantum one), an OpenSSH key (with or without a passphrase), a PEM key, a PGP private
/// key block; it names the file, the kind and the line, never any of the key. Placeholders and code that only names
/// the PEM lines are not keys, and <c>.secretskit-scan-allow</c> lists files holding published keys on purpose.
/// </summary>
public sealed class ScanPrivateKeyTests
{
    [Fact]
    public async Task Committed_private_keys_are_reported_by_kind_and_line_without_the_key()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/\n    age: {TestKeys.AgeRecipient}\n");
        var age = File.ReadAllText(TestKeys.AgeIdentityFile);
        git.Write("config/keys.txt", "# created by age-keygen\n" + age);
        Directory.CreateDirectory(git.PathOf("deploy"));
        Directory.CreateDirectory(git.PathOf("ops"));
        var pq = await CliRunner.RunAsync(["keygen", "--pq", "-o", git.PathOf("deploy/pq.txt")]);
        Assert.True(pq.ExitCode == 0, pq.Stderr);
        var ssh = await ProcessRun.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "pp", "-f", git.PathOf("ops/id_ed25519")]);
        Assert.True(ssh.ExitCode == 0, ssh.Stderr);
        git.Write("ops/gpg.asc", File.ReadAllText(SharedFixtures.PathOf("pgp-functional-tests-keys.asc")));
        git.Write("docs/keys.md", "Keys start with AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ.\n"
            + "const string Begin = \"-----BEGIN OPENSSH PRIVATE KEY-----\";\nconst string End = \"-----END OPENSSH PRIVATE KEY-----\";\n");
        await git.GitOkAsync("add", "-A");

        var scan = await git.CliAsync("scan", ".");

        Assert.Equal(1, scan.ExitCode);
        Assert.Equal(
            "config/keys.txt: holds a private key (age identity, line 2); remove it from git and replace the key, which stays in the history\n" +
            "deploy/pq.txt: holds a private key (post-quantum age identity, line 3); remove it from git and replace the key, which stays in the history\n" +
            "ops/gpg.asc: holds a private key (PGP private key block, line 1); remove it from git and replace the key, which stays in the history\n" +
            "ops/id_ed25519: holds a private key (OpenSSH private key, line 1); remove it from git and replace the key, which stays in the history\n",
            scan.StdoutText);
        foreach (var line in File.ReadAllLines(git.PathOf("config/keys.txt")).Concat(File.ReadAllLines(git.PathOf("ops/id_ed25519"))).Where(l => l.Length > 20))
        {
            Assert.DoesNotContain(line, scan.StdoutText + scan.Stderr, StringComparison.Ordinal);
        }

        git.Write(".secretskit-scan-allow", "# published for the demo\nconfig/keys.txt\ndeploy/*.txt\nops/\n");
        var allowed = await git.CliAsync("scan", ".");
        Assert.True(allowed.ExitCode == 0, allowed.StdoutText + allowed.Stderr);
    }

    [Fact]
    public async Task The_staged_check_of_the_pre_commit_hook_refuses_a_commit_of_a_key()
    {
        using var git = new GitSandbox();
        await git.InitAsync();
        git.InstallExamplePreCommitHook();
        git.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\n");
        git.Write("keys.txt", File.ReadAllText(TestKeys.AgeIdentityFile));
        await git.GitOkAsync("add", "-A");

        var refused = await git.GitAsync("commit", "-q", "-m", "keys");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("keys.txt: holds a private key (age identity", refused.StdoutText + refused.Stderr, StringComparison.Ordinal);
    }
}
