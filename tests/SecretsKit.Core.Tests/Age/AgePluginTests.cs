using System.Security.Cryptography;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// age plugins over the stdio protocol (recipient-v1, identity-v1) with <c>age-plugin-skt</c>, a test plugin written
/// from the specification (Age/Plugins/age-plugin-skt), and the same plugin binary under Debian's age 1.1.1.
/// </summary>
public sealed class AgePluginTests
{
    public const string Recipient = "age1skt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusq24trqk";
    public const string Identity = "AGE-PLUGIN-SKT-1V4NXW6RFDF4KCMTWDAC8ZUNNW36HVAMC09A8KLRA0ELCPQVZSWZQZNMWUR";

    /// <summary>The plugin is looked up on PATH (as age does): a private directory holding only it is put in front, once.</summary>
    private static readonly Lazy<string> PluginDir = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("sk-age-plugin-").FullName;
        var plugin = Path.Combine(dir, "age-plugin-skt");
        File.Copy(Path.Combine(SecretsKit.Testing.Common.SharedFixtures.RepositoryRoot, "tests/SecretsKit.Core.Tests/Age/Plugins/age-plugin-skt"), plugin);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", dir + ":" + Environment.GetEnvironmentVariable("PATH"));
        return dir;
    });

    public AgePluginTests() => _ = PluginDir.Value;

    [Fact]
    public void A_file_key_wrapped_by_the_plugin_recipient_is_unwrapped_by_its_identity()
    {
        var fileKey = RandomNumberGenerator.GetBytes(16);
        var stanzas = AgeRecipientParser.Parse(Recipient).Wrap(fileKey);
        var stanza = Assert.Single(stanzas);
        Assert.Equal("skt-test", stanza.Type);
        var identity = Assert.Single(AgeIdentityParser.Parse(Identity, "keys.txt"));
        Assert.Equal(fileKey, identity.Unwrap([new AgeStanza("X25519", ["abc"], new byte[32]), stanza]));
    }

    [Fact]
    public void A_file_encrypted_to_the_plugin_round_trips_and_other_stanzas_are_not_the_plugins()
    {
        var payload = RandomNumberGenerator.GetBytes(1000);
        var file = AgeEncryptor.Encrypt(payload, [AgeRecipientParser.Parse(Recipient)], armor: true);
        Assert.Equal(payload, AgeDecryptor.Decrypt(file, [AgePluginIdentity.Parse(Identity)]));
        Assert.Null(AgePluginIdentity.Parse(Identity).Unwrap([new AgeStanza("X25519", ["abc"], new byte[32])]));
    }

    [Fact]
    public void Errors_the_plugin_reports_become_clear_age_errors()
    {
        var other = Bech32.Encode("age1skt", new byte[32]);
        var e = Assert.Throws<AgeException>(() => AgeRecipientParser.Parse(other).Wrap(new byte[16]));
        Assert.Contains("age plugin 'skt' could not wrap the file key: unknown recipient", e.Message, StringComparison.Ordinal);

        var stanza = AgeRecipientParser.Parse(Recipient).Wrap(new byte[16]);
        var wrongIdentity = AgePluginIdentity.Parse(Bech32.Encode("AGE-PLUGIN-SKT-", new byte[32]));
        var u = Assert.Throws<AgeException>(() => wrongIdentity.Unwrap(stanza));
        Assert.Contains("unknown identity", u.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AGE-PLUGIN-SKT-1", u.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_plugin_binary_is_named_in_the_error()
    {
        var e = Assert.Throws<AgeException>(() => AgeRecipientParser.Parse(Bech32.Encode("age1nosuchplugin", new byte[20])).Wrap(new byte[16]));
        Assert.Contains("put age-plugin-nosuchplugin on PATH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Debian_age_decrypts_what_we_encrypt_to_the_plugin_and_we_decrypt_what_it_encrypts()
    {
        using var dir = new TempDir();
        var payload = RandomNumberGenerator.GetBytes(300);
        var ours = dir.Write("ours.age", AgeEncryptor.Encrypt(payload, [AgeRecipientParser.Parse(Recipient)], armor: false));
        var identityFile = dir.Write("identity.txt", Identity + "\n");
        Assert.Equal(payload, ExternalTool.Ok("age", "-d", "-i", identityFile, ours).Stdout);

        var plain = dir.Write("plain.bin", payload);
        ExternalTool.Ok("age", "-e", "-r", Recipient, "-o", dir.File("theirs.age"), plain);
        Assert.Equal(payload, AgeDecryptor.Decrypt(File.ReadAllBytes(dir.File("theirs.age")), [AgePluginIdentity.Parse(Identity)]));
    }
}
