using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Tests.Crypto;

public sealed class GcmCipherTests
{
    private const string GcmPlain = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    private const string GcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private const string Iv60 = "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b";

    // McGrew–Viega "The Galois/Counter Mode of Operation" test cases 5, 6, 13, 16 and 18
    // (64-bit and 480-bit IVs exercise the GHASH-derived J0; values cross-checked with OpenSSL via Python).
    [Theory]
    [InlineData("feffe9928665731c6d6a8f9467308308", "cafebabefacedbad", GcmPlain, GcmAad,
        "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
        "3612d2e79e3b0785561be14aaca2fccb")]
    [InlineData("feffe9928665731c6d6a8f9467308308", Iv60, GcmPlain, GcmAad,
        "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
        "619cc5aefffe0bfa462af43c1699d050")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "",
        "530f8afbc74536b9a963b4f1c4cb738b")]
    [InlineData("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", GcmPlain, GcmAad,
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b")]
    [InlineData("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", Iv60, GcmPlain, GcmAad,
        "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
        "a44a8266ee1c8eb0c8b5d4cf5ae9f19a")]
    public void Encrypt_and_decrypt_match_published_gcm_test_vectors(string key, string iv, string plain, string aad, string cipher, string tag)
    {
        AssertVector(key, iv, plain, aad, cipher, tag, allowIntrinsics: true);
        AssertVector(key, iv, plain, aad, cipher, tag, allowIntrinsics: false);
    }

    private static void AssertVector(string key, string iv, string plain, string aad, string cipher, string tag, bool allowIntrinsics)
    {
        using var gcm = new GcmCipher(Convert.FromHexString(key), allowIntrinsics);
        var p = Convert.FromHexString(plain);
        var c = new byte[p.Length];
        var t = new byte[16];
        gcm.Encrypt(Convert.FromHexString(iv), p, Convert.FromHexString(aad), c, t);
        Assert.Equal(cipher, Convert.ToHexStringLower(c));
        Assert.Equal(tag, Convert.ToHexStringLower(t));

        var back = new byte[c.Length];
        Assert.True(gcm.TryDecrypt(Convert.FromHexString(iv), c, t, Convert.FromHexString(aad), back));
        Assert.Equal(p, back);
    }

    [Fact]
    public void Encrypt_with_12_byte_iv_equals_dotnet_AesGcm_on_random_inputs()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var ours = new GcmCipher(key);
        using var reference = new AesGcm(key, 16);
        foreach (var length in new[] { 0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 1000, 4095, 4096, 4097, 10_000 })
        {
            var iv = RandomNumberGenerator.GetBytes(12);
            var plain = RandomNumberGenerator.GetBytes(length);
            var aad = RandomNumberGenerator.GetBytes(length % 37);
            var c1 = new byte[length];
            var t1 = new byte[16];
            var c2 = new byte[length];
            var t2 = new byte[16];
            ours.Encrypt(iv, plain, aad, c1, t1);
            reference.Encrypt(iv, plain, c2, t2, aad);
            Assert.Equal(c2, c1);
            Assert.Equal(t2, t1);
        }
    }

    [Fact]
    public void Encrypt_with_32_byte_iv_equals_BouncyCastle_GcmBlockCipher_on_random_inputs()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var ours = new GcmCipher(key);
        foreach (var length in new[] { 0, 1, 3, 16, 17, 48, 129, 2000, 9000 })
        {
            foreach (var ivLength in new[] { 1, 8, 16, 32, 60 })
            {
                var iv = RandomNumberGenerator.GetBytes(ivLength);
                var plain = RandomNumberGenerator.GetBytes(length);
                var aad = RandomNumberGenerator.GetBytes((length + ivLength) % 41);
                var c = new byte[length];
                var t = new byte[16];
                ours.Encrypt(iv, plain, aad, c, t);

                var bc = new GcmBlockCipher(new AesEngine());
                bc.Init(true, new AeadParameters(new KeyParameter(key), 128, iv, aad));
                var expected = new byte[bc.GetOutputSize(length)];
                var n = bc.ProcessBytes(plain, 0, length, expected, 0);
                bc.DoFinal(expected, n);
                Assert.Equal(expected, c.Concat(t).ToArray());
            }
        }
    }

    [Fact]
    public void Intrinsic_and_portable_paths_agree_on_random_inputs()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var fast = new GcmCipher(key, allowIntrinsics: true);
        using var portable = new GcmCipher(key, allowIntrinsics: false);
        for (var length = 0; length < 300; length += 13)
        {
            var iv = RandomNumberGenerator.GetBytes(length % 2 == 0 ? 32 : 12);
            var plain = RandomNumberGenerator.GetBytes(length);
            var aad = RandomNumberGenerator.GetBytes(length % 50);
            var c1 = new byte[length];
            var t1 = new byte[16];
            var c2 = new byte[length];
            var t2 = new byte[16];
            fast.Encrypt(iv, plain, aad, c1, t1);
            portable.Encrypt(iv, plain, aad, c2, t2);
            Assert.Equal(c2, c1);
            Assert.Equal(t2, t1);
        }
    }

    [Fact]
    public void TryDecrypt_rejects_any_changed_bit_of_tag_ciphertext_aad_or_iv()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var gcm = new GcmCipher(key);
        var iv = RandomNumberGenerator.GetBytes(32);
        var plain = "a secret value"u8.ToArray();
        var aad = "a:b:"u8.ToArray();
        var c = new byte[plain.Length];
        var t = new byte[16];
        gcm.Encrypt(iv, plain, aad, c, t);
        var output = new byte[plain.Length];

        Assert.True(gcm.TryDecrypt(iv, c, t, aad, output));
        Assert.False(gcm.TryDecrypt(iv, c, Flip(t, 15), aad, output));
        Assert.False(gcm.TryDecrypt(iv, Flip(c, 0), t, aad, output));
        Assert.False(gcm.TryDecrypt(iv, c, t, "a:c:"u8, output));
        Assert.False(gcm.TryDecrypt(Flip(iv, 31), c, t, aad, output));
        Assert.False(gcm.TryDecrypt(iv, c, t.AsSpan(0, 12), aad, output));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void One_instance_encrypts_many_values_consistently_with_a_fresh_instance()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var shared = new GcmCipher(key);
        for (var i = 0; i < 50; i++)
        {
            var iv = RandomNumberGenerator.GetBytes(32);
            var plain = RandomNumberGenerator.GetBytes(i * 7);
            var c1 = new byte[plain.Length];
            var t1 = new byte[16];
            shared.Encrypt(iv, plain, "k:"u8, c1, t1);
            using var fresh = new GcmCipher(key);
            var c2 = new byte[plain.Length];
            var t2 = new byte[16];
            fresh.Encrypt(iv, plain, "k:"u8, c2, t2);
            Assert.Equal(c2, c1);
            Assert.Equal(t2, t1);
        }
    }

    private static byte[] Flip(byte[] data, int index)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
