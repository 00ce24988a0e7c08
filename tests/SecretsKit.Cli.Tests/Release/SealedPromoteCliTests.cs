using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>release sync</c> and <c>release promote</c> under <c>--secrets-as sopssecret</c> through the real process, the real
/// helm (3.10.1 and 4.1.4), the Kubernetes API fake and the real agent: helm gets placeholders, the agent writes the
/// target Secrets with the right data, and no secret value, plain or base64, is in helm's stored values, manifest or
/// release Secrets, any file of the sandbox, or the run's output. A promotion's approval gate takes the digest
/// <c>release diff --digest</c> printed, although the promotion seals the Secret anew.
/// </summary>
public sealed class SealedPromoteCliTests
{
    private static readonly string[] Seal = ["--secrets-as", "sopssecret", "--age", TestKeys.AgeRecipient, "--key-secret", "sops-age-key/identity.agekey", "--skip-unittest"];

    private const string Stages = """
        stages:
          - {name: dev, environments: [dev]}
          - name: prod
            environments: [prod]
            from: dev
            gates: {sourceVerified: true, sameChart: true, secretKeys: same, recipients: any, approval: diff-digest}
        lock: {namespace: secretskit-system, ttl: 60s, wait: 0s}

        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Sync_hands_helm_no_decrypted_value_and_the_agent_writes_the_secret(string helm)
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: true);

        var run = await sandbox.CliAsync(["release", "sync", .. Seal], helm);

        Assert.True(run.ExitCode == 0, run.Stderr + run.StdoutText + sandbox.AgentOutput);
        AssertWritten(sandbox, SealedSandbox.Namespace);
        await AssertNothingLeakedAsync(sandbox, helm, SealedSandbox.Namespace, run.StdoutText + run.Stderr);

        var diff = await sandbox.CliAsync(["release", "diff", .. Seal], helm);

        Assert.True(diff.ExitCode == 0, diff.Stderr + diff.StdoutText);
        Assert.DoesNotContain("ENC[", diff.StdoutText, StringComparison.Ordinal);
        // Helm 4 stores what a post-renderer returns re-indented: the diff compares the objects, not their layout
        Assert.True(diff.StdoutText.Contains("=== team/web (default): no changes", StringComparison.Ordinal), diff.StdoutText);
        Assert.Null(sandbox.Leak(diff.StdoutText + diff.Stderr));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Promote_with_the_approved_diff_digest_of_a_changed_secret_passes_the_gate_and_the_agent_writes_it(string helm)
    {
        // dev and prod are two environments of the one API fake the agent watches (one release): prod is promoted a changed secret
        await using var sandbox = new SealedSandbox();
        sandbox.Write("helmfile.yaml", "environments:\n  dev: {}\n  prod: {}\nhelmDefaults:\n  wait: true\n  timeout: 180\nreleases:\n"
            + $"  - name: {SealedSandbox.Release}\n    namespace: {SealedSandbox.Namespace}\n    chart: ./chart\n    secrets:\n      - secrets.yaml\n");
        sandbox.Write("secretskit-promotion.yaml", Stages);
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: true);
        var dev = await sandbox.CliAsync(["release", "-e", "dev", "apply", .. Seal], helm);
        Assert.True(dev.ExitCode == 0, dev.Stderr + dev.StdoutText + sandbox.AgentOutput);
        sandbox.Values["s07"] = "changed-" + sandbox.Values["s07"];
        await sandbox.EncryptSecretsAsync();

        // each diff seals the changed Secret anew (fresh ciphertext); the digest is over its stand-in, so the same twice
        var digest = await SealedDiffLintCliTests.DigestAsync(sandbox, helm, "-e", "prod");
        Assert.Equal(digest, await SealedDiffLintCliTests.DigestAsync(sandbox, helm, "-e", "prod"));
        var promote = await sandbox.CliAsync(["release", "-e", "prod", "promote", "--approved-digest", digest, .. Seal], helm);

        Assert.True(promote.ExitCode == 0, promote.Stderr + promote.StdoutText + sandbox.AgentOutput);
        Assert.Equal(digest, Promotion.PromotionSandbox.Record(sandbox.Server, "prod")!["approvalDigest"]!.GetValue<string>());
        AssertWritten(sandbox, SealedSandbox.Namespace);
        await AssertNothingLeakedAsync(sandbox, helm, SealedSandbox.Namespace, dev.StdoutText + dev.Stderr + promote.StdoutText + promote.Stderr);
    }

    private static void AssertWritten(SealedSandbox sandbox, string ns)
    {
        var written = sandbox.TargetSecret(ns);
        Assert.NotNull(written);
        foreach (var (key, value) in sandbox.Values) Assert.Equal(value, written[key]);
        Assert.Equal(sandbox.Dsn, written["dsn"]);
    }

    /// <summary>No value, plain or base64, in helm's stored values and manifest of the release in <paramref name="ns"/>, its release Secrets, the sandbox's files or <paramref name="output"/>.</summary>
    private static async Task AssertNothingLeakedAsync(SealedSandbox sandbox, string helm, string ns, string output)
    {
        var values = await sandbox.HelmAsync(helm, "get", "values", SealedSandbox.Release, "-n", ns, "--all");
        var manifest = await sandbox.HelmAsync(helm, "get", "manifest", SealedSandbox.Release, "-n", ns);
        Assert.True(values.ExitCode == 0 && manifest.ExitCode == 0, values.Stderr + manifest.Stderr);
        Assert.Contains("skph1", values.StdoutText, StringComparison.Ordinal);
        Assert.Contains("kind: SopsSecret", manifest.StdoutText, StringComparison.Ordinal);
        var releases = sandbox.ReleaseSecrets().ToList();
        Assert.NotEmpty(releases);
        (string Where, string Text)[] places =
            [("helm get values --all", values.StdoutText), ("helm get manifest", manifest.StdoutText), ("run output", output),
             .. releases.Select(r => ("release Secret", r)), .. sandbox.AllFiles()];
        foreach (var (where, text) in places) Assert.True(sandbox.Leak(text) is null, $"{where} holds the value of secrets.{sandbox.Leak(text)}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(sandbox.TempDirectory));
    }
}
