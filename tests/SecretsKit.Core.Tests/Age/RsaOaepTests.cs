using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// RSAES-OAEP (RFC 8017 §7.1, SHA-256/MGF1-SHA-256) and the raw RSA primitives, checked against an independent
/// implementation: the BCL's RSA (OpenSSL) — OAEP-SHA-256 with the empty label both ways, and deterministic PKCS#1 v1.5
/// signatures for the private (CRT, blinded) operation. The age label itself is covered by the ssh-rsa interop tests
/// with the real age binary (AgeInteropTests).
/// </summary>
public sealed class RsaOaepTests
{
    private static readonly Lazy<RSA> Bcl = new(() => RSA.Create(2048));
    private static readonly byte[] AgeLabel = Encoding.ASCII.GetBytes("age-encryption.org/v1/ssh-rsa");

    private static BigInteger U(byte[]? b) => new(b ?? [], isUnsigned: true, isBigEndian: true);

    private static RsaKey PublicKey(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        return RsaKey.Public(U(p.Modulus), U(p.Exponent));
    }

    private static RsaKey PrivateKey(RSA rsa)
    {
        var p = rsa.ExportParameters(true);
        return RsaKey.Private(U(p.Modulus), U(p.Exponent), U(p.D), U(p.P), U(p.Q), U(p.InverseQ));
    }

    [Fact]
    public void Ciphertext_we_make_with_the_empty_label_decrypts_with_the_bcl_oaep_sha256()
    {
        var message = RandomNumberGenerator.GetBytes(16);

        var c = RsaOaep.Encrypt(PublicKey(Bcl.Value), message, []);

        Assert.Equal(256, c.Length);
        Assert.Equal(message, Bcl.Value.Decrypt(c, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public void Bcl_oaep_sha256_ciphertext_decrypts_with_ours()
    {
        var message = RandomNumberGenerator.GetBytes(32);
        var c = Bcl.Value.Encrypt(message, RSAEncryptionPadding.OaepSHA256);

        Assert.Equal(message, RsaOaep.Decrypt(PrivateKey(Bcl.Value), c, []));
    }

    [Fact]
    public void Label_is_bound_into_the_ciphertext()
    {
        var c = RsaOaep.Encrypt(PublicKey(Bcl.Value), "file key 16 byte"u8, AgeLabel);

        Assert.Equal("file key 16 byte"u8.ToArray(), RsaOaep.Decrypt(PrivateKey(Bcl.Value), c, AgeLabel));
        Assert.Null(RsaOaep.Decrypt(PrivateKey(Bcl.Value), c, []));
        Assert.ThrowsAny<CryptographicException>(() => Bcl.Value.Decrypt(c, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public void Private_operation_reproduces_the_bcl_pkcs1_signature_and_inverts_the_public_one()
    {
        var signature = Bcl.Value.SignData("signed"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var encoded = PublicKey(Bcl.Value).Encrypt(signature);

        Assert.Equal(new byte[] { 0x00, 0x01, 0xff, 0xff }, encoded[..4]);
        Assert.Equal(SHA256.HashData("signed"u8), encoded[^32..]);
        Assert.Equal(signature, PrivateKey(Bcl.Value).Decrypt(encoded));
    }

    [Fact]
    public void Tampered_or_out_of_range_ciphertexts_and_the_wrong_key_decode_to_null()
    {
        var key = PrivateKey(Bcl.Value);
        var c = RsaOaep.Encrypt(PublicKey(Bcl.Value), "0123456789abcdef"u8, AgeLabel);
        var modulus = Bcl.Value.ExportParameters(false).Modulus!;
        using var other = RSA.Create(2048);

        for (var i = 0; i < c.Length; i += 51)
        {
            var tampered = (byte[])c.Clone();
            tampered[i] ^= 0x04;
            Assert.Null(RsaOaep.Decrypt(key, tampered, AgeLabel));
        }
        Assert.Null(RsaOaep.Decrypt(key, modulus, AgeLabel));
        Assert.Null(RsaOaep.Decrypt(key, [0, .. c], AgeLabel));
        Assert.Null(RsaOaep.Decrypt(key, new byte[256], AgeLabel));
        Assert.Null(RsaOaep.Decrypt(PrivateKey(other), c, AgeLabel));
    }

    [Fact]
    public void Message_length_limit_is_k_minus_two_hashes_minus_two()
    {
        var key = PublicKey(Bcl.Value);
        var longest = RandomNumberGenerator.GetBytes(256 - 66);

        Assert.Equal(longest, RsaOaep.Decrypt(PrivateKey(Bcl.Value), RsaOaep.Encrypt(key, longest, AgeLabel), AgeLabel));
        Assert.Equal(Array.Empty<byte>(), RsaOaep.Decrypt(PrivateKey(Bcl.Value), RsaOaep.Encrypt(key, [], AgeLabel), AgeLabel));
        Assert.Throws<AgeException>(() => RsaOaep.Encrypt(key, new byte[256 - 65], AgeLabel));
    }

    [Fact]
    public void Private_key_with_an_inconsistent_crt_coefficient_is_rejected()
    {
        var p = Bcl.Value.ExportParameters(true);

        var e = Assert.Throws<AgeException>(() => RsaKey.Private(U(p.Modulus), U(p.Exponent), U(p.D), U(p.P), U(p.Q), U(p.InverseQ) + 1));

        Assert.Contains("iqmp", e.Message, StringComparison.Ordinal);
    }
}
