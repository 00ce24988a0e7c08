using System.Text;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// Passphrase-protected OpenSSH keys (<c>ssh-keygen -N …</c>: bcrypt KDF, aes256-ctr) as age identities, both ways
/// with Debian's real age: age encrypts to the public key and the protected key decrypts it here; we encrypt and age
/// decrypts with the protected key, its passphrase typed on a pseudo-terminal (<c>script</c>).
/// </summary>
public sealed class EncryptedSshKeyTests
{
    private const string Passphrase = "correct horse battery";

    private static string ProtectedKey(TempDir dir, string type, string passphrase = Passphrase)
    {
        var path = dir.File("id_" + type);
        var args = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", "test", "-f", path };
        if (type == "rsa") args.InsertRange(0, ["-b", "2048"]);
        var r = ExternalTool.Run("ssh-keygen", args);
        Assert.True(r.ExitCode == 0, "ssh-keygen failed: " + r.Stderr);
        Assert.Contains("aes256-ctr", Encoding.Latin1.GetString(Convert.FromBase64String(string.Concat(
            File.ReadAllLines(path).Where(l => !l.StartsWith("-----", StringComparison.Ordinal))))), StringComparison.Ordinal);
        return path;
    }

    [Fact]
    public void Blowfish_starts_from_the_published_digits_of_pi()
    {
        var state = EksBlowfish.InitialState;
        Assert.Equal(1042, state.Length);
        Assert.Equal(0x243F6A88u, state[0]);          // P1
        Assert.Equal(0x8979FB1Bu, state[17]);         // P18
        Assert.Equal(0xD1310BA6u, state[18]);         // S1[0]
        Assert.Equal(0x3AC372E6u, state[^1]);         // S4[255]
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public void A_file_age_encrypts_to_the_public_key_decrypts_with_the_protected_key(string type)
    {
        using var dir = new TempDir();
        var key = ProtectedKey(dir, type);
        var input = dir.Write("plain.txt", "from age");
        ExternalTool.Ok("age", "-e", "-R", key + ".pub", "-a", "-o", dir.File("msg.age"), input);
        var reader = new StaticPassphraseReader(Passphrase);

        var identity = OpenSshPrivateKey.Parse(File.ReadAllText(key), key, reader);
        var plain = AgeDecryptor.Decrypt(File.ReadAllBytes(dir.File("msg.age")), [identity]);
        var again = AgeDecryptor.Decrypt(File.ReadAllBytes(dir.File("msg.age")), [identity]);

        Assert.Equal("from age", Encoding.UTF8.GetString(plain));
        Assert.Equal(plain, again);
        Assert.Equal(1, reader.Prompts);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public void A_file_we_encrypt_decrypts_with_age_and_the_protected_key_through_a_terminal(string type)
    {
        using var dir = new TempDir();
        var key = ProtectedKey(dir, type);
        var file = dir.Write("msg.age", AgeEncryptor.Encrypt("over ssh"u8, [AgeRecipientParser.Parse(File.ReadAllText(key + ".pub"))], armor: true));
        var output = dir.File("out.txt");

        var r = ExternalTool.WithTerminal($"age -d -i {ExternalTool.Quote(key)} -o {ExternalTool.Quote(output)} {ExternalTool.Quote(file)}", Passphrase + "\n");

        Assert.True(r.ExitCode == 0, "age -d under script failed: " + r.StdoutText + r.Stderr);
        Assert.Equal("over ssh", File.ReadAllText(output));
    }

    [Fact]
    public void The_passphrase_is_asked_only_for_a_stanza_of_this_key_and_a_wrong_one_is_named()
    {
        using var dir = new TempDir();
        var key = ProtectedKey(dir, "ed25519");
        var other = ExternalTool.SshKeygen(dir, "ed25519", "id_other");
        var forOther = AgeEncryptor.Encrypt("x"u8, [AgeRecipientParser.Parse(File.ReadAllText(other + ".pub"))], armor: false);
        var forKey = AgeEncryptor.Encrypt("x"u8, [AgeRecipientParser.Parse(File.ReadAllText(key + ".pub"))], armor: false);
        var wrong = new StaticPassphraseReader("not it");

        var identity = OpenSshPrivateKey.Parse(File.ReadAllText(key), key, wrong);
        Assert.Throws<AgeNoIdentityMatchedException>(() => AgeDecryptor.Decrypt(forOther, [identity]));
        Assert.Equal(0, wrong.Prompts);
        var e = Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(forKey, [identity]));

        Assert.Equal($"SSH private key {key}: incorrect passphrase", e.Message);
        Assert.Equal(1, wrong.Prompts);
    }
}
