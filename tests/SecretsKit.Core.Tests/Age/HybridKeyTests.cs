using System.Text;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>age 1.3 post-quantum hybrid keys (age1pq1… / AGE-SECRET-KEY-PQ-1…) and the header mixing rule, in process.</summary>
public sealed class HybridKeyTests
{
    private static string AgeKeyFile => File.ReadAllText(
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "fixtures", "age", "age-1.3-hybrid-key.txt"));

    private static byte[] Payload => Encoding.ASCII.GetBytes("the sops data key: 32 bytes long!");

    [Fact]
    public void Identity_from_age_keygen_derives_the_public_key_age_wrote_next_to_it()
    {
        var lines = AgeKeyFile.Split('\n');
        var publicKey = lines.Single(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..];
        var identity = Assert.IsType<HybridIdentity>(Assert.Single(AgeIdentityParser.Parse(AgeKeyFile, "key.txt")));
        Assert.Equal(publicKey, identity.Recipient.ToString());
        Assert.Equal(publicKey, AgeKeyGenerator.RecipientOf(lines.Single(l => l.StartsWith("AGE-SECRET-KEY-PQ-1", StringComparison.Ordinal))));
        Assert.Equal(1216, Bech32Length(publicKey));
    }

    [Fact]
    public void Encrypts_to_a_hybrid_recipient_with_one_mlkem768x25519_stanza_and_decrypts_with_its_identity()
    {
        var identity = HybridIdentity.Generate();
        var recipient = AgeRecipientParser.Parse(identity.Recipient.ToString());
        var file = AgeEncryptor.Encrypt(Payload, [recipient], armor: false);
        var stanza = Assert.Single(AgeHeader.Parse(file).Stanzas);
        Assert.Equal("mlkem768x25519", stanza.Type);
        Assert.Equal(1120, AgePrimitives.DecodeRaw(Assert.Single(stanza.Arguments)).Length);
        Assert.Equal(Payload, AgeDecryptor.Decrypt(file, [identity]));
        Assert.Throws<AgeNoIdentityMatchedException>(() => AgeDecryptor.Decrypt(file, [HybridIdentity.Generate(), X25519Identity.Generate()]));
    }

    [Fact]
    public void Post_quantum_and_classic_recipients_cannot_share_one_header_in_either_order()
    {
        IAgeRecipient pq = HybridIdentity.Generate().Recipient;
        IAgeRecipient classic = X25519Identity.Generate().Recipient;
        foreach (var recipients in new[] { new[] { pq, classic }, [classic, pq] })
        {
            var e = Assert.Throws<AgeException>(() => AgeEncryptor.Encrypt(Payload, recipients, armor: true));
            Assert.Contains("can't mix post-quantum and classic recipients", e.Message, StringComparison.Ordinal);
        }
        var two = AgeEncryptor.Encrypt(Payload, [pq, HybridIdentity.Generate().Recipient], armor: false);
        Assert.Equal(2, AgeHeader.Parse(two).Stanzas.Count);
    }

    [Fact]
    public void Identity_parser_reads_hybrid_and_x25519_keys_side_by_side()
    {
        var pq = HybridIdentity.Generate();
        var classic = X25519Identity.Generate();
        var ids = AgeIdentityParser.Parse($"# two keys\n{pq.ToSecretString()} {classic.ToSecretString()}\n", "keys.txt");
        Assert.IsType<HybridIdentity>(ids[0]);
        Assert.IsType<X25519Identity>(ids[1]);
    }

    [Fact]
    public void Malformed_hybrid_keys_give_errors_without_the_key_in_them()
    {
        var secret = HybridIdentity.Generate().ToSecretString();
        var broken = secret[..^1] + (secret[^1] == 'Q' ? 'P' : 'Q');
        var e = Assert.Throws<AgeException>(() => AgeIdentityParser.Parse(broken, "keys.txt"));
        Assert.Contains("keys.txt line 1: malformed secret key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(broken, e.Message, StringComparison.Ordinal);
        var recipient = HybridIdentity.Generate().Recipient.ToString();
        var r = Assert.Throws<AgeException>(() => AgeRecipientParser.Parse(recipient[..^1] + (recipient[^1] == 'q' ? 'p' : 'q')));
        Assert.Contains("malformed age recipient", r.Message, StringComparison.Ordinal);
        Assert.True(r.Message.Length < 300, "a 1,960-character recipient is shortened in messages");
    }

    [Fact]
    public void Malformed_mlkem768x25519_stanzas_are_errors_not_silent_misses()
    {
        var identity = HybridIdentity.Generate();
        Assert.Throws<AgeException>(() => identity.Unwrap([new AgeStanza("mlkem768x25519", [], new byte[32])]));
        Assert.Throws<AgeException>(() => identity.Unwrap([new AgeStanza("mlkem768x25519", ["AAAA"], new byte[32])]));
        var good = identity.Recipient.Wrap(new byte[16]).Single();
        Assert.Throws<AgeException>(() => identity.Unwrap([good with { Body = new byte[31] }]));
        Assert.Null(HybridIdentity.Generate().Unwrap([good]));
    }

    private static int Bech32Length(string text) => (text.Length - "age1pq1".Length - 6) * 5 / 8;
}
