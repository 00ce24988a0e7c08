using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// A key variable that points nowhere (<c>SOPS_AGE_KEY_FILE</c> to a missing file, a failing <c>SOPS_AGE_KEY_CMD</c>,
/// an unreadable <c>SOPS_AGE_SSH_PRIVATE_KEY_FILE</c>) does not stop decryption with <c>keys.txt</c>, as in sops 3.11+,
/// but it is said in one warning line naming the variable and the path, without <c>--verbose</c>.
/// </summary>
public sealed class AgeKeyVariableWarningTests
{
    [Theory]
    [InlineData("SOPS_AGE_KEY_FILE", "{dir}/missing/keys.txt", "SOPS_AGE_KEY_FILE={dir}/missing/keys.txt: cannot read file")]
    [InlineData("SOPS_AGE_KEY_CMD", "false", "SOPS_AGE_KEY_CMD (false) failed with exit code 1")]
    [InlineData("SOPS_AGE_SSH_PRIVATE_KEY_FILE", "{dir}/missing/id_ed25519", "SOPS_AGE_SSH_PRIVATE_KEY_FILE={dir}/missing/id_ed25519: cannot read file")]
    public async Task Bad_key_variable_is_warned_about_once_and_keys_txt_still_decrypts(string variable, string value, string expected)
    {
        using var dir = new TempDir();
        var config = dir.File("config");
        Directory.CreateDirectory(Path.Combine(config, "sops", "age"));
        File.Copy(TestKeys.AgeIdentityFile, Path.Combine(config, "sops", "age", "keys.txt"));
        var path = dir.Write("s.yaml", "a: hunter51\nb: hunter52\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var env = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config, [variable] = value.Replace("{dir}", dir.Path, StringComparison.Ordinal) };

        var r = await CliRunner.RunAsync(["decrypt", path], env);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("a: hunter51\nb: hunter52\n", r.StdoutText);
        var warnings = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var warning = Assert.Single(warnings);
        Assert.StartsWith("secretskit: warning: " + expected.Replace("{dir}", dir.Path, StringComparison.Ordinal), warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_key_file_variable_gives_no_warning()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", "a: hunter53\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);

        var r = await CliRunner.RunAsync(["decrypt", path], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
    }
}
