using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// The <c># public key:</c> comment age-keygen writes above a key saves a decrypt the scalar multiplication that computes
/// the identity's public key; it is only a hint: a wrong, malformed or absent comment opens the same files.
/// </summary>
public sealed class X25519PublicKeyHintTests
{
    private static readonly X25519Identity Mine = X25519Identity.Generate();
    private static readonly X25519Identity Other = X25519Identity.Generate();

    private static string KeyFile(string? comment) =>
        $"# created: 2026-11-30T00:00:00Z\n{(comment is null ? "" : $"# public key: {comment}\n")}{Mine.ToSecretString()}\n";

    public static TheoryData<string?> Comments => new()
    {
        null,
        Mine.Recipient.ToString(),
        Other.Recipient.ToString(),
        "age1notbech32",
        "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq",
        "",
    };

    [Theory]
    [MemberData(nameof(Comments))]
    public void A_file_for_the_key_opens_whatever_its_comment_says(string? comment)
    {
        var payload = Encoding.UTF8.GetBytes("the payload");
        var file = AgeEncryptor.Encrypt(payload, [Other.Recipient, Mine.Recipient], armor: false);

        var identities = AgeIdentityParser.Parse(KeyFile(comment), "keys.txt");

        Assert.Equal(payload, AgeDecryptor.Decrypt(file, identities, out var opener));
        Assert.Equal(Mine.Recipient.ToString(), ((X25519Identity)opener).Recipient.ToString());
    }

    [Theory]
    [MemberData(nameof(Comments))]
    public void A_file_for_another_key_stays_closed_whatever_the_comment_says(string? comment)
    {
        var file = AgeEncryptor.Encrypt("x"u8, [Other.Recipient], armor: false);

        Assert.Throws<AgeNoIdentityMatchedException>(() => AgeDecryptor.Decrypt(file, AgeIdentityParser.Parse(KeyFile(comment), "keys.txt")));
    }

    [Fact]
    public void The_comment_is_what_the_stanza_is_first_opened_with()
    {
        // A stanza whose HKDF salt names the comment's key instead of the identity's real one opens only through the
        // hint: proof that the hint, not a computed public key, is used first (age, which always computes the key,
        // would not open it; a key file's own comment is the user's, not a file author's).
        var hinted = Other.Recipient;
        var stanza = Stanza(Mine.Recipient, salted: hinted);

        Assert.NotNull(X25519Identity.Parse(Mine.ToSecretString(), hinted.ToString()).Unwrap([stanza.Stanza]));
        Assert.Null(X25519Identity.Parse(Mine.ToSecretString()).Unwrap([stanza.Stanza]));
        Assert.Null(X25519Identity.Parse(Mine.ToSecretString(), Mine.Recipient.ToString()).Unwrap([stanza.Stanza]));
    }

    [Fact]
    public void The_hint_applies_to_the_key_below_it_only()
    {
        var text = $"# public key: {Other.Recipient}\n{Mine.ToSecretString()}\n{Other.ToSecretString()}\n";
        var stanza = Stanza(Other.Recipient, salted: Other.Recipient);

        var identities = AgeIdentityParser.Parse(text, "keys.txt");

        Assert.Equal(2, identities.Count);
        Assert.Null(identities[0].Unwrap([stanza.Stanza]));
        Assert.Equal(stanza.FileKey, identities[1].Unwrap([stanza.Stanza]));
    }

    /// <summary>An X25519 stanza to <paramref name="to"/> whose HKDF salt names <paramref name="salted"/>.</summary>
    private static (AgeStanza Stanza, byte[] FileKey) Stanza(X25519Recipient to, X25519Recipient salted)
    {
        var fileKey = RandomNumberGenerator.GetBytes(AgePrimitives.FileKeySize);
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        var share = X25519Function.PublicKey(ephemeral);
        var shared = X25519Function.ScalarMult(ephemeral, to.PublicKey.ToArray());
        var key = AgePrimitives.Hkdf(shared, AgePrimitives.Concat(share, salted.PublicKey), X25519Recipient.Label);
        return (new AgeStanza(X25519Recipient.StanzaType, [AgePrimitives.EncodeRaw(share)], AgePrimitives.AeadSeal(key, fileKey)), fileKey);
    }
}
