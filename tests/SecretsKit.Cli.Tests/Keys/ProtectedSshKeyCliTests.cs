using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// The usual <c>~/.ssh/id_ed25519</c> with a passphrase (<c>ssh-keygen -N …</c>) works as sops' SSH age key: the
/// passphrase is asked on the terminal, never echoed. Both ways with Debian's real age on a pseudo-terminal: age opens
/// the data key we wrapped for the public key (with the protected key and the passphrase), and a data key age wrapped
/// for the public key opens the file here.
/// </summary>
public sealed class ProtectedSshKeyCliTests
{
    private const string Passphrase = "pass-phrase-of-the-ssh-key";

    private const string Plain = "db:\n    password: hunter2-over-protected-ssh\n";

    private static readonly Regex ArmoredBlock = new("(?<indent>[ \\t]*)-----BEGIN AGE ENCRYPTED FILE-----.*?-----END AGE ENCRYPTED FILE-----", RegexOptions.Singleline);

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public async Task A_passphrase_protected_ssh_key_decrypts_on_the_terminal_both_ways_with_age(string type)
    {
        using var dir = new TempDir("sk-protected-ssh-");
        var key = Path.Combine(dir.Path, "home", ".ssh", "id_" + type);
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        var keygen = await ProcessRun.RunAsync("ssh-keygen", type == "rsa"
            ? ["-q", "-t", "rsa", "-b", "2048", "-N", Passphrase, "-C", "dev", "-f", key]
            : ["-q", "-t", "ed25519", "-N", Passphrase, "-C", "dev", "-f", key]);
        Assert.True(keygen.ExitCode == 0, keygen.Stderr);
        var recipient = string.Join(' ', File.ReadAllText(key + ".pub").Split(' ').Take(2));
        var file = dir.Write("secrets.yaml", Plain);
        var encrypt = await CliRunner.RunAsync(["encrypt", "-i", "--age", recipient, file]);
        Assert.True(encrypt.ExitCode == 0, encrypt.Stderr);

        // age opens what we wrapped, with the protected key and the passphrase typed on its terminal
        var ours = Armored(File.ReadAllText(file));
        var dataKey = dir.File("data.key");
        var ageDecrypt = await TerminalSession.RunAsync(Passphrase, ["age", "-d", "-i", key, "-o", dataKey, dir.Write("ours.age", ours)]);
        Assert.True(ageDecrypt.ExitCode == 0, ageDecrypt.StdoutText);
        Assert.Equal(32, File.ReadAllBytes(dataKey).Length);

        // age wraps the same data key for the public key; that stanza opens here, the passphrase asked on our terminal
        var ageEncrypt = await ProcessRun.RunAsync("age", ["-e", "-a", "-r", recipient, dataKey]);
        Assert.True(ageEncrypt.ExitCode == 0, ageEncrypt.Stderr);
        File.WriteAllText(file, Replace(File.ReadAllText(file), ageEncrypt.StdoutText.TrimEnd()));
        var env = CliRunner.Environment(new Dictionary<string, string?> { ["HOME"] = Path.Combine(dir.Path, "home") });
        var decrypt = await TerminalSession.RunAsync(Passphrase,
            ["dotnet", Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), "decrypt", file], env);

        var screen = decrypt.StdoutText.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(decrypt.ExitCode == 0, screen);
        Assert.Contains($"Enter passphrase for \"{key}\":", screen, StringComparison.Ordinal);
        Assert.Contains(Plain, screen, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_key_the_file_is_not_for_is_never_asked_about()
    {
        using var dir = new TempDir("sk-protected-ssh-");
        var key = Path.Combine(dir.Path, "home", ".ssh", "id_ed25519");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        Assert.Equal(0, (await ProcessRun.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", Passphrase, "-f", key])).ExitCode);
        var file = dir.Write("secrets.yaml", Plain);
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, file])).ExitCode);

        var decrypt = await CliRunner.RunAsync(["decrypt", file],
            new Dictionary<string, string?> { ["HOME"] = Path.Combine(dir.Path, "home"), ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });

        Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
        Assert.Equal(Plain, decrypt.StdoutText);
        Assert.DoesNotContain("passphrase", decrypt.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static string Armored(string sopsFile) =>
        string.Join('\n', ArmoredBlock.Match(sopsFile).Value.Split('\n').Select(l => l.Trim())) + "\n";

    private static string Replace(string sopsFile, string armored)
    {
        var match = ArmoredBlock.Match(sopsFile);
        var indent = match.Groups["indent"].Value;
        var block = string.Join('\n', armored.Split('\n').Select(l => indent + l));
        return sopsFile[..match.Index] + block + sopsFile[(match.Index + match.Length)..];
    }
}
