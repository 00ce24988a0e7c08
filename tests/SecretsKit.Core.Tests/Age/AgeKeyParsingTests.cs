using SecretsKit.Core.Platform;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>keys.txt / SOPS_AGE_KEY parsing, recipient strings, SSH private keys and keygen output.</summary>
public sealed class AgeKeyParsingTests
{
    private static string Id1 => AgeTestFiles.ReadFixture("age-unittest-identity.txt").Trim();

    private static string Id2 => AgeTestFiles.ReadFixture("age-unittest-other-identity.txt").Trim();

    [Fact]
    public void Identity_text_ignores_comments_and_blank_lines_and_allows_several_keys_per_line()
    {
        var text = $"# created: 2020-01-01T00:00:00Z\n\n  # indented comment\n{Id1}  \t{Id2}\r\n{Id1}\n";
        var ids = AgeIdentityParser.Parse(text, "keys.txt");
        Assert.Equal(3, ids.Count);
        Assert.All(ids, i => Assert.IsType<X25519Identity>(i));
    }

    [Theory]
    [InlineData("AGE-PLUGIN-YUBIKEY-1QQQQQQ", "bech32")]
    [InlineData("AGE-SECRET-KEY-PQ-1QQQQQQ", "malformed secret key")]
    public void Unsupported_identity_types_throw_a_clear_error_naming_the_line(string key, string expected)
    {
        var e = Assert.Throws<AgeException>(() => AgeIdentityParser.Parse($"# c\n{key}\n", "my-keys.txt"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("my-keys.txt line 2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_secret_key_is_an_error_without_the_key_in_it()
    {
        var broken = Id1[..^1] + (Id1[^1] == 'Q' ? 'P' : 'Q');
        var e = Assert.Throws<AgeException>(() => AgeIdentityParser.Parse(broken, "keys.txt"));
        Assert.Contains("malformed secret key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(broken, e.Message, StringComparison.Ordinal);
        Assert.Throws<AgeException>(() => AgeIdentityParser.Parse("not-a-key", "keys.txt"));
    }

    [Theory]
    [InlineData("age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "malformed age recipient")]
    [InlineData("age1tag1qqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "malformed age recipient")]
    [InlineData("ssh-dss AAAAB3NzaC1kc3M=", "unknown age recipient type")]
    [InlineData("pgp-fingerprint", "unknown age recipient type")]
    public void Recipient_parser_gives_clear_errors_for_unsupported_types(string text, string expected)
    {
        var e = Assert.Throws<AgeException>(() => AgeRecipientParser.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugin_recipients_and_identities_parse_to_plugin_keys()
    {
        var data = new byte[20];
        Assert.IsType<AgePluginRecipient>(AgeRecipientParser.Parse(Bech32.Encode("age1yubikey", data)));
        var identity = Bech32.Encode("AGE-PLUGIN-YUBIKEY-", data);
        Assert.IsType<AgePluginIdentity>(Assert.Single(AgeIdentityParser.Parse(identity, "keys.txt")));
    }

    [Fact]
    public void Recipient_parser_accepts_all_supported_kinds()
    {
        Assert.IsType<X25519Recipient>(AgeRecipientParser.Parse(
            " " + AgeTestFiles.ReadFixture("age-unittest-identity.recipient.txt") + " "));
        Assert.IsType<SshEd25519Recipient>(AgeRecipientParser.Parse(
            AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity.pub")));
    }

    [Fact]
    public void Encrypted_openssh_key_is_refused_with_instructions()
    {
        using var dir = new TempDir();
        var path = dir.File("id_ed25519");
        var r = ExternalTool.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "hunter22", "-f", path]);
        Assert.Equal(0, r.ExitCode);
        var e = Assert.Throws<AgeException>(() => OpenSshPrivateKey.Parse(File.ReadAllText(path), path));
        Assert.Contains("ssh-keygen -p", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pkcs1_pem_rsa_key_works_as_identity()
    {
        using var dir = new TempDir();
        var path = dir.File("id_rsa");
        Assert.Equal(0, ExternalTool.Run("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", path]).ExitCode);
        Assert.Contains("BEGIN RSA PRIVATE KEY", File.ReadAllText(path), StringComparison.Ordinal);
        var identity = OpenSshPrivateKey.Parse(File.ReadAllText(path), path);
        var file = AgeEncryptor.Encrypt("pem"u8, [AgeRecipientParser.Parse(File.ReadAllText(path + ".pub"))], armor: false);
        Assert.Equal("pem"u8.ToArray(), AgeDecryptor.Decrypt(file, [identity]));
    }

    [Fact]
    public void Small_rsa_keys_are_refused_like_age_does()
    {
        using var dir = new TempDir();
        var path = dir.File("id_rsa");
        Assert.Equal(0, ExternalTool.Run("ssh-keygen", ["-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", path]).ExitCode);
        var e = Assert.Throws<AgeException>(() => AgeRecipientParser.Parse(File.ReadAllText(path + ".pub")));
        Assert.Contains("too small", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keygen_writes_age_keygen_style_keys_txt_with_the_injected_time()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var key = new AgeKeyGenerator(time).Generate();
        var lines = key.KeysFileText.Split('\n');
        Assert.Equal("# created: 2026-01-02T03:04:05Z", lines[0]);
        Assert.Equal("# public key: " + key.Recipient, lines[1]);
        Assert.Equal(key.SecretKey, lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("AGE-SECRET-KEY-1", key.SecretKey, StringComparison.Ordinal);
        Assert.Equal(key.Recipient, AgeKeyGenerator.RecipientOf(key.SecretKey));
        Assert.NotEqual(key.SecretKey, new AgeKeyGenerator(time).Generate().SecretKey);
    }

    [Theory]
    [InlineData("cat /tmp/a b", new[] { "cat", "/tmp/a", "b" })]
    [InlineData("op read 'op://vault/age key/password'", new[] { "op", "read", "op://vault/age key/password" })]
    [InlineData("sh -c \"echo \\\"$X\\\"\"", new[] { "sh", "-c", "echo \"$X\"" })]
    [InlineData("a\\ b c # comment", new[] { "a b", "c" })]
    [InlineData("x ''", new[] { "x", "" })]
    public void Shell_words_split_like_a_shell_without_running_one(string command, string[] expected)
    {
        Assert.Equal(expected, ShellWords.Split(command));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
