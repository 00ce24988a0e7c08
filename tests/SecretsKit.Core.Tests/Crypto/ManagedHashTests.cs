using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tests.Crypto.Support;

namespace SecretsKit.Core.Tests.Crypto;

/// <summary>The managed SHA-256/SHA-512/HMAC helpers against published vectors (FIPS 180-4 examples, RFC 4231).</summary>
public sealed class ManagedHashTests
{
    private const string TwoBlock512 =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("abc",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("",
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    [InlineData(TwoBlock512,
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    public void Sha512_matches_the_FIPS_180_4_examples(string message, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(ManagedSha512.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Sha512_incremental_appends_equal_one_shot_and_finish_starts_over()
    {
        var data = Encoding.ASCII.GetBytes(TwoBlock512);
        var sha = new ManagedSha512();
        sha.Append(data, 0, 5);
        sha.Append(data.AsSpan(5, 60));
        sha.Append(data, 65, data.Length - 65);
        var digest = new byte[64];
        sha.Finish(digest);
        Assert.Equal("8e959b75dae313da", Convert.ToHexStringLower(digest)[..16]);
        sha.Append("abc"u8);
        sha.Finish(digest);
        Assert.Equal("ddaf35a193617aba", Convert.ToHexStringLower(digest)[..16]);
    }

    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_the_FIPS_180_4_examples(string message, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(ManagedSha256.Hash(Encoding.ASCII.GetBytes(message))));
    }

    /// <summary>RFC 4231 test cases 1, 2 and 6 (a key longer than the block size is hashed first), on BouncyCastle and libsodium.</summary>
    public static TheoryData<string, string, string, string> Rfc4231()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var implementation in new[] { SystemLibsodium.BouncyCastle, SystemLibsodium.Libsodium })
        {
            data.Add(implementation, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
            data.Add(implementation, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
            data.Add(implementation, new string('a', 262),
                "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public void HmacSha256_matches_RFC_4231(string implementation, string keyHex, string dataHex, string expectedHex)
    {
        var key = Convert.FromHexString(keyHex);
        var data = Convert.FromHexString(dataHex);
        if (implementation == SystemLibsodium.Libsodium) SystemLibsodium.Require();
        var mac = implementation == SystemLibsodium.Libsodium ? Libsodium.HmacSha256(key, data) : ManagedSha256.Hmac(key, data);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(mac));
    }
}
