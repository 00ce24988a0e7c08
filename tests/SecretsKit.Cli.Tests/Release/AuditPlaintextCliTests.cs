using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit release audit-plaintext</c> through the real process, the real helm and the Kubernetes API fake: after a
/// plain <c>apply</c> it reads what helm stores of the release and reports, by values key and never by value, the decrypted
/// values there (exit 1); after <c>apply --secrets-as sopssecret</c> it finds none (exit 0).
/// </summary>
public sealed class AuditPlaintextCliTests
{
    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_plain_apply_leaves_decrypted_values_in_helms_storage_and_the_audit_names_their_keys_only(string helm)
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: false);
        var apply = await sandbox.CliAsync(["release", "apply", "--skip-unittest"], helm);
        Assert.True(apply.ExitCode == 0, apply.Stderr);

        var audit = await sandbox.CliAsync(["release", "audit-plaintext"], helm);

        Assert.True(audit.ExitCode == 1, audit.Stderr + audit.StdoutText);
        var lines = audit.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("team/web: helm get values: holds the decrypted value of values key secrets.s07", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("team/web: helm get manifest: holds the base64-encoded decrypted value of values key secrets.s07", StringComparison.Ordinal));
        foreach (var key in sandbox.Values.Keys) Assert.Contains(lines, l => l.Contains($"helm get values: holds the decrypted value of values key secrets.{key} ", StringComparison.Ordinal));
        Assert.Null(sandbox.Leak(audit.StdoutText + audit.Stderr));
    }

    [Fact]
    public async Task After_a_sealed_apply_the_audit_finds_no_decrypted_value_stored()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: true);
        var apply = await sandbox.CliAsync(["release", "apply", "--secrets-as", "sopssecret", "--age", TestKeys.AgeRecipient,
            "--key-secret", "sops-age-key/identity.agekey", "--skip-unittest"]);
        Assert.True(apply.ExitCode == 0, apply.Stderr + sandbox.AgentOutput);

        var audit = await sandbox.CliAsync(["release", "audit-plaintext"]);

        Assert.True(audit.ExitCode == 0, audit.Stderr + audit.StdoutText);
        Assert.Equal("team/web: no decrypted value stored\n", audit.StdoutText);
    }
}
