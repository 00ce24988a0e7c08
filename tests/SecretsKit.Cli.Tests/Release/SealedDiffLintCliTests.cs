using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>release diff --secrets-as sopssecret</c> and <c>release lint --secrets-as sopssecret</c> through the real process and
/// the real helm: the diff shows each sealed Secret as its stand-in (its keys and sealed digest: no value, no ciphertext),
/// so its <c>--digest</c> is the same from run to run although every sealing encrypts anew, and changes when one secret
/// does; lint seals with the recipients alone, with no cluster to ask.
/// </summary>
public sealed class SealedDiffLintCliTests
{
    private static readonly string[] Seal = ["--secrets-as", "sopssecret", "--age", TestKeys.AgeRecipient, "--key-secret", "sops-age-key/identity.agekey"];

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task The_diff_digest_is_stable_across_sealings_and_changes_with_one_secret_and_the_diff_holds_no_value_or_ciphertext(string helm)
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: false);

        var first = await DigestAsync(sandbox, helm);
        var second = await DigestAsync(sandbox, helm);
        var diff = await sandbox.CliAsync(["release", "diff", .. Seal], helm);

        Assert.Equal(first, second);
        Assert.True(diff.ExitCode == 0, diff.Stderr + diff.StdoutText);
        Assert.Contains("=== team/web (default) not installed yet", diff.StdoutText, StringComparison.Ordinal);
        Assert.Contains("kind: SopsSecret", diff.StdoutText, StringComparison.Ordinal);
        Assert.Contains("sops: '(sealed for the cluster: 51 keys: ", diff.StdoutText.Replace("\"", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("secretskit.io/sealed-digest: sha256:", diff.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("ENC[", diff.StdoutText, StringComparison.Ordinal);
        Assert.Null(sandbox.Leak(diff.StdoutText + diff.Stderr));

        sandbox.Values["s07"] = "changed-" + sandbox.Values["s07"];
        await sandbox.EncryptSecretsAsync();
        var changed = await DigestAsync(sandbox, helm);

        Assert.NotEqual(first, changed);
        Assert.Equal(changed, await DigestAsync(sandbox, helm));
    }

    [Fact]
    public async Task Lint_seals_offline_with_no_cluster_and_refuses_a_placeholder_outside_a_secrets_data()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();

        var lint = await sandbox.CliAsync(["release", "lint", .. Seal, "--skip-unittest"]);

        Assert.True(lint.ExitCode == 0, lint.Stderr + lint.StdoutText);
        Assert.False(File.Exists(Path.Combine(sandbox.Home, ".kube", "config")), "the lint had a cluster to ask");
        Assert.Null(sandbox.Leak(lint.StdoutText + lint.Stderr));
        Assert.Empty(Directory.EnumerateFileSystemEntries(sandbox.TempDirectory));

        await using var leaking = new SealedSandbox("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  password: {{ .Values.secrets.s03 | quote }}\n");
        await leaking.EncryptSecretsAsync();

        var refused = await leaking.CliAsync(["release", "lint", .. Seal, "--skip-unittest"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("app/templates/extra.yaml: ConfigMap leak holds the placeholder of values key secrets.s03 outside a Secret's data", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(leaking.Leak(refused.StdoutText + refused.Stderr));
    }

    /// <summary>What <c>release diff --digest --secrets-as sopssecret</c> prints: one <c>sha256:</c> line.</summary>
    internal static async Task<string> DigestAsync(SealedSandbox sandbox, string helm, params string[] environment)
    {
        var run = await sandbox.CliAsync(["release", .. environment, "diff", "--digest", .. Seal], helm);
        Assert.True(run.ExitCode == 0, run.Stderr + run.StdoutText);
        Assert.Null(sandbox.Leak(run.StdoutText + run.Stderr));
        var digest = run.StdoutText.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", digest);
        return digest;
    }
}
