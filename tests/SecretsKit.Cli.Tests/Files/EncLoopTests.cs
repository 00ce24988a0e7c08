using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// helm-secrets 3's <c>enc</c>: many files in one call (an encrypted one is skipped, not fatal), and the
/// <c>dec</c> → edit <c>FILE.dec</c> → <c>enc FILE</c> loop that writes the edits back into FILE. Also where
/// <c>dec</c> writes (<c>HELM_SECRETS_DEC_PREFIX</c> / <c>_SUFFIX</c>) and what <c>clean</c> removes.
/// </summary>
public sealed class EncLoopTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    private static async Task<string> DecryptAsync(string path)
    {
        var d = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv, recordOutput: false);
        Assert.True(d.ExitCode == 0, d.Stderr);
        return d.StdoutText;
    }

    [Fact]
    public async Task Enc_goes_on_past_an_already_encrypted_file_and_encrypts_the_next_one()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.yaml", "one: hunter1\n");
        var b = dir.Write("b.yaml", "two: hunter2\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, a })).ExitCode);
        var aBefore = File.ReadAllText(a);

        var r = await CliRunner.RunAsync(new[] { "enc", "--age", TestKeys.AgeRecipient, a, b });
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"{a} is already encrypted, skipped", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(aBefore, File.ReadAllText(a));
        Assert.DoesNotContain("hunter2", File.ReadAllText(b), StringComparison.Ordinal);
        Assert.Equal("two: hunter2\n", await DecryptAsync(b));
    }

    [Fact]
    public async Task Enc_of_FILE_encrypts_the_edited_FILE_dec_into_FILE_with_its_keys_and_unchanged_values_kept()
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", "password: hunter2\nuser: admin\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path })).ExitCode);
        var passwordCipher = Regex.Match(File.ReadAllText(path), "password: (ENC\\[[^\\]]+\\])").Groups[1].Value;
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "dec", path }, AgeEnv)).ExitCode);
        File.AppendAllText(path + ".dec", "token: added-in-dec\n");

        // No .sops.yaml and no key flags: the keys come from the encrypted FILE itself, as with 'edit'.
        var enc = await CliRunner.RunAsync(new[] { "enc", path }, AgeEnv, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains("into", enc.Stderr, StringComparison.Ordinal);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("added-in-dec", text, StringComparison.Ordinal);
        Assert.Contains(passwordCipher, text, StringComparison.Ordinal);
        Assert.Equal("password: hunter2\nuser: admin\ntoken: added-in-dec\n", await DecryptAsync(path));
    }

    [Fact]
    public async Task Dec_honours_prefix_and_suffix_and_clean_removes_what_dec_wrote_unless_told_another_suffix()
    {
        using var dir = new TempDir();
        var path = dir.Write("env/secrets.yaml", "password: hunter2\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path })).ExitCode);
        var env = new Dictionary<string, string?>(AgeEnv) { ["HELM_SECRETS_DEC_PREFIX"] = "plain-", ["HELM_SECRETS_DEC_SUFFIX"] = ".txt" };
        var dec = await CliRunner.RunAsync(new[] { "dec", path }, env);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        var written = dir.File("env/plain-secrets.yaml.txt");
        Assert.Equal("password: hunter2\n", File.ReadAllText(written));

        var otherSuffix = await CliRunner.RunAsync(new[] { "clean", dir.Path }, new Dictionary<string, string?> { ["HELM_SECRETS_DEC_SUFFIX"] = ".dec" });
        Assert.Equal(0, otherSuffix.ExitCode);
        Assert.True(File.Exists(written));

        var clean = await CliRunner.RunAsync(new[] { "clean", dir.Path });
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.False(File.Exists(written));
        Assert.True(File.Exists(path));
    }
}
