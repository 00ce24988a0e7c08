using System.Text;
using SecretsKit.Core.Age;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Tests.Age;

public sealed class AgeFixtureVectorTests
{
    private static IReadOnlyList<IAgeIdentity> Identities(string fixture) =>
        AgeIdentityParser.Parse(AgeTestFiles.ReadFixture(fixture), fixture);

    [Fact]
    public void X25519_vector_decrypts_to_data()
    {
        var plain = AgeDecryptor.Decrypt(AgeTestFiles.ReadFixtureBytes("age-unittest-x25519-msg.age.asc"),
            Identities("age-unittest-identity.txt"));
        Assert.Equal("data", Encoding.ASCII.GetString(plain));
    }

    [Fact]
    public void Ssh_ed25519_vector_decrypts_to_data_with_the_openssh_key()
    {
        var identity = OpenSshPrivateKey.Parse(AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"), "fixture");
        var plain = AgeDecryptor.Decrypt(AgeTestFiles.ReadFixtureBytes("age-unittest-ssh-ed25519-msg.age.asc"), [identity]);
        Assert.Equal("data", Encoding.ASCII.GetString(plain));
    }

    [Fact]
    public void Ssh_ed25519_identity_derives_the_public_key_in_the_pub_file()
    {
        var identity = (SshEd25519Identity)OpenSshPrivateKey.Parse(
            AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"), "fixture");
        var pub = AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity.pub").Split(' ');
        Assert.Equal(pub[0] + " " + pub[1], identity.Recipient.ToString());
    }

    [Fact]
    public void Passphrase_protected_identity_decrypts_to_the_identity_file()
    {
        var plain = AgeDecryptor.Decrypt(
            AgeTestFiles.ReadFixtureBytes("age-unittest-passphrase-protected-identity.age.asc"),
            [new ScryptIdentity("passphrase")]);
        var expected = AgeTestFiles.ReadFixture("age-unittest-identity.txt").Trim();
        Assert.Contains(expected, Encoding.UTF8.GetString(plain), StringComparison.Ordinal);
        Assert.Single(AgeIdentityParser.Parse(Encoding.UTF8.GetString(plain), "decrypted"));
    }

    [Fact]
    public void Passphrase_encrypted_file_rejects_a_wrong_passphrase_as_no_match()
    {
        var file = AgeEncryptor.Encrypt("secret"u8, [new ScryptRecipient("right", workFactor: 10)], armor: true);
        var e = Assert.Throws<AgeNoIdentityMatchedException>(() => AgeDecryptor.Decrypt(file, [new ScryptIdentity("wrong")]));
        Assert.Equal(["scrypt"], e.StanzaTypes);
    }

    [Fact]
    public void Sopsnix_age_stanza_unwraps_to_a_32_byte_data_key()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(AgeTestFiles.ReadFixture("sopsnix-secrets.enc.yaml")));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var ages = (YamlSequenceNode)((YamlMappingNode)root["sops"])["age"];
        var entry = ages.Children.Cast<YamlMappingNode>()
            .Single(m => ((YamlScalarNode)m["recipient"]).Value!.StartsWith("age1yt3", StringComparison.Ordinal));
        var enc = ((YamlScalarNode)entry["enc"]).Value!;
        var key = AgeDecryptor.Decrypt(Encoding.ASCII.GetBytes(enc), Identities("sopsnix-age-keys.txt"));
        Assert.Equal(32, key.Length);
    }

    [Theory]
    [InlineData("age-unittest-identity.txt", "age-unittest-identity.recipient.txt")]
    [InlineData("sopsnix-age-keys.txt", null)]
    public void Identity_derives_the_published_recipient(string identityFixture, string? recipientFixture)
    {
        var text = AgeTestFiles.ReadFixture(identityFixture);
        var expected = recipientFixture is null
            ? text.Split('\n').Single(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..]
            : AgeTestFiles.ReadFixture(recipientFixture).Trim();
        var identity = (X25519Identity)AgeIdentityParser.Parse(text, identityFixture).Single();
        Assert.Equal(expected.Trim(), identity.Recipient.ToString());
    }

    [Fact]
    public void Other_identity_derives_its_documented_recipient()
    {
        var identity = (X25519Identity)Identities("age-unittest-other-identity.txt").Single();
        Assert.Equal("age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90", identity.Recipient.ToString());
    }

    [Fact]
    public void Post_quantum_identity_fixture_loads_and_opens_what_its_recipient_was_sent()
    {
        var identity = Assert.IsType<HybridIdentity>(Identities("age-unittest-hybrid-pq-identity.txt").Single());
        var file = AgeEncryptor.Encrypt("sops"u8, [identity.Recipient], armor: true);
        Assert.Equal("sops"u8.ToArray(), AgeDecryptor.Decrypt(file, [identity]));
    }

    [Fact]
    public void X25519_vector_fails_with_the_other_identity_listing_stanza_types()
    {
        var e = Assert.Throws<AgeNoIdentityMatchedException>(() => AgeDecryptor.Decrypt(
            AgeTestFiles.ReadFixtureBytes("age-unittest-x25519-msg.age.asc"), Identities("age-unittest-other-identity.txt")));
        Assert.Contains("X25519", e.Message, StringComparison.Ordinal);
    }
}
