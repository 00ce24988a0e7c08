using System.Text;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>Both directions against Debian's age 1.1.1 (<c>/usr/bin/age</c>), binary and armored.</summary>
public sealed class AgeInteropTests
{
    private const string AgeBin = "age";

    private static (string Identity, string Recipient, string KeyFile) AgeKeygen(TempDir dir)
    {
        var keyFile = dir.File("key.txt");
        ExternalTool.Ok("age-keygen", "-o", keyFile);
        var recipient = ExternalTool.Ok("age-keygen", "-y", keyFile).StdoutText.Trim();
        var identity = File.ReadAllLines(keyFile).Single(l => l.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal));
        return (identity, recipient, keyFile);
    }

    private static byte[] Payload(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(false, 32)]
    [InlineData(true, 33)]
    [InlineData(false, 0)]
    [InlineData(true, 65536)]
    [InlineData(false, 200_000)]
    public void X25519_file_we_encrypt_decrypts_with_age(bool armor, int size)
    {
        using var dir = new TempDir();
        var (_, recipient, keyFile) = AgeKeygen(dir);
        var payload = Payload(size);
        var file = dir.Write("msg.age", AgeEncryptor.Encrypt(payload, [X25519Recipient.Parse(recipient)], armor));
        var r = ExternalTool.Ok(AgeBin, "-d", "-i", keyFile, file);
        Assert.Equal(payload, r.Stdout);
    }

    [Theory]
    [InlineData(false, 32)]
    [InlineData(true, 32)]
    [InlineData(false, 65536)]
    [InlineData(true, 140_000)]
    public void X25519_file_age_encrypts_decrypts_with_ours(bool armor, int size)
    {
        using var dir = new TempDir();
        var (identity, recipient, _) = AgeKeygen(dir);
        var payload = Payload(size);
        var input = dir.Write("plain.bin", payload);
        var args = new List<string> { "-e", "-r", recipient, "-o", dir.File("msg.age") };
        if (armor) args.Add("-a");
        args.Add(input);
        ExternalTool.Ok(AgeBin, [.. args]);
        var plain = AgeDecryptor.Decrypt(File.ReadAllBytes(dir.File("msg.age")), [X25519Identity.Parse(identity)]);
        Assert.Equal(payload, plain);
    }

    [Fact]
    public void Recipient_we_derive_matches_age_keygen_y_both_ways()
    {
        using var dir = new TempDir();
        var (identity, recipient, _) = AgeKeygen(dir);
        Assert.Equal(recipient, AgeKeyGenerator.RecipientOf(identity));

        var ours = new AgeKeyGenerator(TimeProvider.System).Generate();
        var path = dir.Write("ours.txt", ours.KeysFileText);
        Assert.Equal(ours.Recipient, ExternalTool.Ok("age-keygen", "-y", path).StdoutText.Trim());
    }

    [Theory]
    [InlineData("ed25519", false)]
    [InlineData("ed25519", true)]
    [InlineData("rsa", false)]
    [InlineData("rsa", true)]
    public void Ssh_file_we_encrypt_decrypts_with_age(string type, bool armor)
    {
        using var dir = new TempDir();
        var key = ExternalTool.SshKeygen(dir, type, "id_" + type);
        var recipient = AgeRecipientParser.Parse(File.ReadAllText(key + ".pub"));
        var file = dir.Write("msg.age", AgeEncryptor.Encrypt("over ssh"u8, [recipient], armor));
        var r = ExternalTool.Ok(AgeBin, "-d", "-i", key, file);
        Assert.Equal("over ssh", r.StdoutText);
    }

    [Theory]
    [InlineData("ed25519", false)]
    [InlineData("ed25519", true)]
    [InlineData("rsa", false)]
    [InlineData("rsa", true)]
    public void Ssh_file_age_encrypts_decrypts_with_ours(string type, bool armor)
    {
        using var dir = new TempDir();
        var key = ExternalTool.SshKeygen(dir, type, "id_" + type);
        var input = dir.Write("plain.txt", "from age");
        var args = new List<string> { "-e", "-R", key + ".pub", "-o", dir.File("msg.age") };
        if (armor) args.Add("-a");
        args.Add(input);
        ExternalTool.Ok(AgeBin, [.. args]);
        var identity = OpenSshPrivateKey.Parse(File.ReadAllText(key), key);
        var plain = AgeDecryptor.Decrypt(File.ReadAllBytes(dir.File("msg.age")), [identity]);
        Assert.Equal("from age", Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public void Ssh_identity_recipient_matches_the_pub_file_from_ssh_keygen()
    {
        using var dir = new TempDir();
        foreach (var type in new[] { "ed25519", "rsa" })
        {
            var key = ExternalTool.SshKeygen(dir, type, "id_" + type);
            var pub = File.ReadAllText(key + ".pub").Split(' ');
            var recipient = OpenSshPrivateKey.Parse(File.ReadAllText(key), key) switch
            {
                SshEd25519Identity e => e.Recipient.ToString(),
                SshRsaIdentity r => r.Recipient.ToString(),
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal(pub[0] + " " + pub[1], recipient);
        }
    }

    [Fact]
    public void Several_recipients_of_mixed_types_each_decrypt_with_age()
    {
        using var dir = new TempDir();
        var (_, recipient, keyFile) = AgeKeygen(dir);
        var ssh = ExternalTool.SshKeygen(dir, "ed25519", "id_ed25519");
        var recipients = new[] { X25519Recipient.Parse(recipient), AgeRecipientParser.Parse(File.ReadAllText(ssh + ".pub")) };
        var file = dir.Write("msg.age", AgeEncryptor.Encrypt("both"u8, recipients, armor: true));
        Assert.Equal("both", ExternalTool.Ok(AgeBin, "-d", "-i", keyFile, file).StdoutText);
        Assert.Equal("both", ExternalTool.Ok(AgeBin, "-d", "-i", ssh, file).StdoutText);
    }

    [Fact]
    public void Passphrase_file_we_encrypt_decrypts_with_age_through_a_terminal()
    {
        using var dir = new TempDir();
        var file = dir.Write("msg.age", AgeEncryptor.Encrypt("by passphrase"u8, [new ScryptRecipient("correct horse", 10)], armor: true));
        var output = dir.File("out.txt");
        var r = ExternalTool.WithTerminal(
            $"age -d -o {ExternalTool.Quote(output)} {ExternalTool.Quote(file)}", "correct horse\n");
        Assert.True(r.ExitCode == 0, "age -d under script failed: " + r.StdoutText + r.Stderr);
        Assert.Equal("by passphrase", File.ReadAllText(output));
    }

    [Fact]
    public void Passphrase_file_age_encrypts_decrypts_with_ours()
    {
        using var dir = new TempDir();
        var input = dir.Write("plain.txt", "typed secret");
        var output = dir.File("msg.age");
        var r = ExternalTool.WithTerminal(
            $"age -p -a -o {ExternalTool.Quote(output)} {ExternalTool.Quote(input)}", "pw-123\npw-123\n");
        Assert.True(r.ExitCode == 0, "age -p under script failed: " + r.StdoutText + r.Stderr);
        var plain = AgeDecryptor.Decrypt(File.ReadAllBytes(output), [new ScryptIdentity("pw-123")]);
        Assert.Equal("typed secret", Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public void Age_rejects_a_file_whose_payload_we_tampered_and_so_do_we()
    {
        using var dir = new TempDir();
        var (identity, recipient, keyFile) = AgeKeygen(dir);
        var bytes = AgeEncryptor.Encrypt(Payload(100), [X25519Recipient.Parse(recipient)], armor: false);
        bytes[^5] ^= 1;
        var file = dir.Write("msg.age", bytes);
        Assert.NotEqual(0, ExternalTool.Run(AgeBin, ["-d", "-i", keyFile, file]).ExitCode);
        Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(bytes, [X25519Identity.Parse(identity)]));
    }
}
