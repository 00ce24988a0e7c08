using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Age;
using SecretsKit.Core.Tests.Crypto.Support;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// The managed primitives under age against published vectors: RFC 5869 (HKDF-SHA256), RFC 8439 §2.8.2
/// (ChaCha20-Poly1305 AEAD) and RFC 7748 §6.1 (X25519).
/// </summary>
public sealed class AgePrimitiveVectorTests
{
    private const string Rfc8439Key = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
    private const string Rfc8439Nonce = "070000004041424344454647";
    private const string Rfc8439Aad = "50515253c0c1c2c3c4c5c6c7";
    private const string Rfc8439Plaintext =
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
    private const string Rfc8439Ciphertext =
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b" +
        "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
        "3ff4def08e4b7a9de576d26586cec64b6116";
    private const string Rfc8439Tag = "1ae10b594f09e26a7e902ecbd0600691";

    // RFC 5869 test cases 1, 2 (several output blocks) and 3 (empty salt and info).
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")]
    [InlineData(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
        "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        82,
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87")]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")]
    public void Hkdf_matches_RFC_5869(string ikmHex, string saltHex, string infoHex, int length, string expectedHex)
    {
        var okm = AgePrimitives.Hkdf(Convert.FromHexString(ikmHex), Convert.FromHexString(saltHex),
            Convert.FromHexString(infoHex), length);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(okm));
    }

    [Fact]
    public void Hkdf_with_an_empty_input_key_equals_the_BCL_extract_and_expand()
    {
        // The ssh-ed25519 tweak uses HKDF(∅, wire key, label); OpenSSL's one-shot HKDF refuses an empty IKM, so compare
        // with the BCL's HMAC extract + HKDF expand.
        var salt = Encoding.ASCII.GetBytes("ssh wire key stand-in");
        var prk = HMACSHA256.HashData(salt, ReadOnlySpan<byte>.Empty);
        var expected = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, Encoding.ASCII.GetBytes("age-encryption.org/v1/ssh-ed25519"));
        Assert.Equal(expected, AgePrimitives.Hkdf(ReadOnlySpan<byte>.Empty, salt, "age-encryption.org/v1/ssh-ed25519"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void ChaCha20Poly1305_seal_equals_the_BCL_AEAD_across_block_boundaries(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var aad = RandomNumberGenerator.GetBytes(length % 17);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var expected = new byte[length];
        var expectedTag = new byte[16];
        using (var bcl = new ChaCha20Poly1305(key))
        {
            bcl.Encrypt(nonce, plaintext, expected, expectedTag, aad);
        }
        var ciphertext = new byte[length];
        var tag = new byte[16];
        ChaCha20Poly1305Aead.Seal(key, nonce, plaintext, aad, ciphertext, tag);
        Assert.Equal(expected, ciphertext);
        Assert.Equal(expectedTag, tag);
    }

    [Fact]
    public void ChaCha20Poly1305_seal_matches_RFC_8439_section_2_8_2()
    {
        var plaintext = Encoding.ASCII.GetBytes(Rfc8439Plaintext);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        ChaCha20Poly1305Aead.Seal(Convert.FromHexString(Rfc8439Key), Convert.FromHexString(Rfc8439Nonce), plaintext,
            Convert.FromHexString(Rfc8439Aad), ciphertext, tag);
        Assert.Equal(Rfc8439Ciphertext, Convert.ToHexStringLower(ciphertext));
        Assert.Equal(Rfc8439Tag, Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void ChaCha20Poly1305_open_decrypts_the_RFC_8439_vector()
    {
        var ciphertext = Convert.FromHexString(Rfc8439Ciphertext);
        var plaintext = new byte[ciphertext.Length];
        var ok = ChaCha20Poly1305Aead.Open(Convert.FromHexString(Rfc8439Key), Convert.FromHexString(Rfc8439Nonce), ciphertext,
            Convert.FromHexString(Rfc8439Tag), Convert.FromHexString(Rfc8439Aad), plaintext);
        Assert.True(ok);
        Assert.Equal(Rfc8439Plaintext, Encoding.ASCII.GetString(plaintext));
    }

    [Theory]
    [InlineData(0)] // a ciphertext bit
    [InlineData(1)] // a tag bit
    [InlineData(2)] // an AAD bit
    public void ChaCha20Poly1305_open_rejects_any_flipped_bit_and_writes_nothing(int where)
    {
        var ciphertext = Convert.FromHexString(Rfc8439Ciphertext);
        var tag = Convert.FromHexString(Rfc8439Tag);
        var aad = Convert.FromHexString(Rfc8439Aad);
        (where switch { 0 => ciphertext, 1 => tag, _ => aad })[3] ^= 0x10;
        var plaintext = new byte[ciphertext.Length];
        var ok = ChaCha20Poly1305Aead.Open(Convert.FromHexString(Rfc8439Key), Convert.FromHexString(Rfc8439Nonce), ciphertext,
            tag, aad, plaintext);
        Assert.False(ok);
        Assert.All(plaintext, b => Assert.Equal(0, b));
    }

    /// <summary>Both X25519 implementations (<see cref="X25519Implementations"/>); the public keys as X25519(k, 9).</summary>
    [Theory]
    [MemberData(nameof(SystemLibsodium.Implementations), MemberType = typeof(SystemLibsodium))]
    public void X25519_matches_RFC_7748_section_6_1(string implementation)
    {
        var alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var bobPrivate = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        var alicePublic = X25519Implementations.PublicKey(implementation, alicePrivate);
        var bobPublic = X25519Implementations.PublicKey(implementation, bobPrivate);
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(alicePublic));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bobPublic));
        const string shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        Assert.Equal(shared, Convert.ToHexStringLower(X25519Implementations.ScalarMult(implementation, alicePrivate, bobPublic)));
        Assert.Equal(shared, Convert.ToHexStringLower(X25519Implementations.ScalarMult(implementation, bobPrivate, alicePublic)));
        Assert.Equal(Convert.ToHexStringLower(alicePublic), Convert.ToHexStringLower(X25519Function.PublicKey(alicePrivate)));
    }
}
