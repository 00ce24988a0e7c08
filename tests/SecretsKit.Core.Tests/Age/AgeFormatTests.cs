using System.Text;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>Bech32, armor, header grammar and integrity checks of our own age implementation.</summary>
public sealed class AgeFormatTests
{
    private static readonly string Recipient = AgeTestFiles.ReadFixture("age-unittest-identity.recipient.txt").Trim();

    private static IReadOnlyList<IAgeIdentity> UnitTestIdentity() =>
        AgeIdentityParser.Parse(AgeTestFiles.ReadFixture("age-unittest-identity.txt"), "fixture");

    [Fact]
    public void Bech32_round_trips_a_recipient()
    {
        var (hrp, data) = Bech32.Decode(Recipient);
        Assert.Equal("age", hrp);
        Assert.Equal(32, data.Length);
        Assert.Equal(Recipient, Bech32.Encode("age", data));
        Assert.Equal(Recipient.ToUpperInvariant(), Bech32.Encode("AGE", data));
    }

    [Theory]
    [InlineData("checksum", "checksum")]
    [InlineData("mixed", "mixed case")]
    [InlineData("badchar", "invalid character")]
    [InlineData("noseparator", "separator")]
    [InlineData("emptyhrp", "separator")]
    public void Bech32_rejects_malformed_strings_without_echoing_them(string mutation, string expected)
    {
        var last = Recipient[^1];
        var text = mutation switch
        {
            "checksum" => Recipient[..^1] + (last == 'q' ? 'p' : 'q'),
            "mixed" => "age1" + char.ToUpperInvariant(Recipient[4]) + Recipient[5..],
            "badchar" => Recipient[..^1] + 'b',
            "noseparator" => "agelzd99uklcjnc",
            _ => "1" + Recipient[4..],
        };
        var e = Assert.Throws<AgeException>(() => Bech32.Decode(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recipient_parser_rejects_a_wrong_checksum_and_a_secret_key_as_recipient()
    {
        Assert.Throws<AgeException>(() => X25519Recipient.Parse(Recipient[..^1] + "q"));
        var secret = AgeTestFiles.ReadFixture("age-unittest-identity.txt").Trim();
        Assert.Throws<AgeException>(() => X25519Recipient.Parse(secret));
        Assert.Throws<AgeException>(() => X25519Identity.Parse(Recipient));
    }

    [Fact]
    public void Case_matters_like_in_age_recipients_lower_and_secret_keys_upper()
    {
        var secret = AgeTestFiles.ReadFixture("age-unittest-identity.txt").Trim();
        Assert.Throws<AgeException>(() => X25519Recipient.Parse(Recipient.ToUpperInvariant()));
        Assert.Throws<AgeException>(() => X25519Identity.Parse(secret.ToLowerInvariant()));
        Assert.Equal(Recipient, X25519Identity.Parse(secret).Recipient.ToString());
    }

    [Fact]
    public void Armor_is_exactly_what_sops_stores_64_columns_padded_with_trailing_newline()
    {
        var data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var text = AgeArmor.Encode(data);
        var lines = text.Split('\n');
        Assert.Equal("-----BEGIN AGE ENCRYPTED FILE-----", lines[0]);
        Assert.Equal(64, lines[1].Length);
        Assert.Equal(Convert.ToBase64String(data), lines[1] + lines[2] + lines[3]);
        Assert.EndsWith("=", lines[3], StringComparison.Ordinal);
        Assert.Equal("-----END AGE ENCRYPTED FILE-----", lines[4]);
        Assert.Equal("", lines[5]);
        Assert.Equal(data, AgeArmor.Decode(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Sops_fixture_enc_armor_has_the_layout_we_write()
    {
        var asc = AgeTestFiles.ReadFixture("age-unittest-x25519-msg.age.asc");
        var decoded = AgeArmor.Decode(Encoding.ASCII.GetBytes(asc));
        Assert.Equal(asc.TrimStart().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n", AgeArmor.Encode(decoded));
    }

    [Theory]
    [InlineData("-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n", "footer")]
    [InlineData("-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\ngarbage\n", "trailing")]
    [InlineData("-----BEGIN AGE ENCRYPTED FILE-----\nYW\nJj\n-----END AGE ENCRYPTED FILE-----\n", "shorter")]
    [InlineData("-----BEGIN AGE ENCRYPTED FILE-----\nYWJ*\n-----END AGE ENCRYPTED FILE-----\n", "base64")]
    public void Armor_decoder_rejects_malformed_armor(string text, string expected)
    {
        var e = Assert.Throws<AgeException>(() => AgeArmor.Decode(Encoding.ASCII.GetBytes(text)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Armor_decoder_tolerates_surrounding_whitespace_and_crlf()
    {
        var text = "\n  " + AgeArmor.Encode("hello"u8).Replace("\n", "\r\n", StringComparison.Ordinal) + "  \n";
        Assert.Equal("hello", Encoding.ASCII.GetString(AgeArmor.Decode(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void Header_encodes_bodies_in_64_column_lines_ending_with_a_short_line()
    {
        var fileKey = new byte[16];
        var stanzas = new[]
        {
            new AgeStanza("one", ["a", "b"], new byte[48]),
            new AgeStanza("two", [], new byte[50]),
            new AgeStanza("three", ["c"], []),
        };
        var header = AgeHeader.Encode(stanzas, fileKey);
        var text = Encoding.ASCII.GetString(header);
        var lines = text.Split('\n');
        Assert.Equal("age-encryption.org/v1", lines[0]);
        Assert.Equal("-> one a b", lines[1]);
        Assert.Equal(64, lines[2].Length);
        Assert.Equal("", lines[3]);
        Assert.Equal("-> two", lines[4]);
        Assert.Equal(64, lines[5].Length);
        Assert.Equal(3, lines[6].Length);
        Assert.Equal("-> three c", lines[7]);
        Assert.Equal("", lines[8]);
        Assert.StartsWith("--- ", lines[9], StringComparison.Ordinal);

        var parsed = AgeHeader.Parse(header);
        Assert.Equal(header.Length, parsed.Length);
        Assert.Equal(3, parsed.Stanzas.Count);
        Assert.Equal(50, parsed.Stanzas[1].Body.Length);
        Assert.True(parsed.VerifyMac(fileKey));
        Assert.False(parsed.VerifyMac(new byte[16].Select(_ => (byte)1).ToArray()));
    }

    [Fact]
    public void Tampered_stanza_argument_fails_the_header_mac()
    {
        var identity = X25519Identity.Generate();
        var file = Encoding.Latin1.GetString(AgeEncryptor.Encrypt("x"u8, [identity.Recipient, new GreaseRecipient()], armor: false));
        var tampered = Encoding.Latin1.GetBytes(file.Replace("-> grease a", "-> grease b", StringComparison.Ordinal));
        Assert.Equal("x", Encoding.ASCII.GetString(AgeDecryptor.Decrypt(Encoding.Latin1.GetBytes(file), [identity])));
        var e = Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(tampered, [identity]));
        Assert.Equal("bad header MAC", e.Message);
    }

    [Fact]
    public void Tampered_mac_line_is_rejected()
    {
        var identity = X25519Identity.Generate();
        var bytes = AgeEncryptor.Encrypt("x"u8, [identity.Recipient], armor: false);
        var text = Encoding.Latin1.GetString(bytes);
        var macStart = text.IndexOf("--- ", StringComparison.Ordinal) + 4;
        bytes[macStart] = (byte)(bytes[macStart] == 'A' ? 'B' : 'A');
        var e = Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(bytes, [identity]));
        Assert.Contains("MAC", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-17)]
    [InlineData(-40)]
    public void Tampered_or_truncated_payload_fails_authentication(int offsetFromEnd)
    {
        var identity = X25519Identity.Generate();
        var bytes = AgeEncryptor.Encrypt(new byte[70_000], [identity.Recipient], armor: false);
        var flipped = (byte[])bytes.Clone();
        flipped[^-offsetFromEnd] ^= 0x80;
        Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(flipped, [identity]));
        Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(bytes.AsSpan(0, bytes.Length + offsetFromEnd), [identity]));
    }

    [Fact]
    public void Dropping_the_last_full_chunk_is_detected()
    {
        var identity = X25519Identity.Generate();
        var bytes = AgeEncryptor.Encrypt(new byte[2 * PayloadStream.ChunkSize], [identity.Recipient], armor: false);
        var truncated = bytes.AsSpan(0, bytes.Length - (PayloadStream.ChunkSize + 16)).ToArray();
        Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(truncated, [identity]));
        Assert.Equal(2 * PayloadStream.ChunkSize, AgeDecryptor.Decrypt(bytes, [identity]).Length);
    }

    [Fact]
    public void Wrong_identity_reports_the_stanza_types_it_saw()
    {
        var bytes = AgeEncryptor.Encrypt("x"u8, [X25519Identity.Generate().Recipient, new GreaseRecipient()], armor: true);
        var e = Assert.Throws<AgeNoIdentityMatchedException>(() => AgeDecryptor.Decrypt(bytes, UnitTestIdentity()));
        Assert.Equal(["X25519", "grease"], e.StanzaTypes);
    }

    [Fact]
    public void Scrypt_stanza_must_be_alone_when_encrypting_and_decrypting()
    {
        var x = X25519Identity.Generate();
        Assert.Throws<AgeException>(() =>
            AgeEncryptor.Encrypt("x"u8, [new ScryptRecipient("pw", 10), x.Recipient], armor: false));
        var scryptOnly = Encoding.Latin1.GetString(AgeEncryptor.Encrypt("x"u8, [new ScryptRecipient("pw", 10)], armor: false));
        var withExtra = scryptOnly.Replace("age-encryption.org/v1\n", "age-encryption.org/v1\n-> grease\n\n", StringComparison.Ordinal);
        var e = Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(Encoding.Latin1.GetBytes(withExtra), [new ScryptIdentity("pw")]));
        Assert.Contains("must be the only one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrypt_identity_refuses_a_work_factor_above_its_maximum()
    {
        var file = AgeEncryptor.Encrypt("x"u8, [new ScryptRecipient("pw", 12)], armor: false);
        var e = Assert.Throws<AgeException>(() => AgeDecryptor.Decrypt(file, [new ScryptIdentity("pw", maxWorkFactor: 11)]));
        Assert.Contains("work factor too large", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("age-encryption.org/v2\n-> X25519 abc\n\n--- x\n", "unsupported age version")]
    [InlineData("hello\n", "not an age file")]
    [InlineData("age-encryption.org/v1\n-> X25519 abc\n", "unexpected end")]
    [InlineData("age-encryption.org/v1\n->  X25519\n\n--- AAAA\n", "malformed stanza argument")]
    [InlineData("age-encryption.org/v1\nfoo\n", "malformed stanza opening line")]
    public void Header_parser_rejects_malformed_headers(string text, string expected)
    {
        var e = Assert.Throws<AgeException>(() => AgeHeader.Parse(Encoding.ASCII.GetBytes(text)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ed25519_point_that_is_not_on_the_curve_is_rejected()
    {
        // y = 2 gives x^2 = 3 / (4d + 1), which is not a square mod p.
        var bad = new byte[32];
        bad[0] = 2;
        Assert.Throws<AgeException>(() => Ed25519ToCurve25519.PublicKey(bad));
    }

    /// <summary>A stanza type no identity knows, like age's grease.</summary>
    private sealed class GreaseRecipient : IAgeRecipient
    {
        public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey) => [new AgeStanza("grease", ["a"], [1, 2, 3])];
    }
}
