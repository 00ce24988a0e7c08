using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// The cloud key sources build their clients on first use of such a key, not when the registry is created, so an
/// age-only run neither pays for them at start-up nor trips over cloud settings it never uses.
/// </summary>
public sealed class LazyCloudSourcesTests
{
    [Fact]
    public async Task Age_decrypt_succeeds_with_a_malformed_gcp_endpoint_it_never_uses()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", "a: hunter6\n");
        var encrypt = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path });
        Assert.True(encrypt.ExitCode == 0, encrypt.Stderr);

        // Building the GCP client parses this endpoint (an invalid IPv6 host): it must not happen for an age-only file.
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, new Dictionary<string, string?>
        {
            ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile,
            ["SOPS_GCP_KMS_ENDPOINT"] = "https://[not-a-host/",
        });
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal("a: hunter6\n", dec.StdoutText);
    }
}
