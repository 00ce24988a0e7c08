using System.Security.Cryptography;
using SecretsKit.Core.Crypto.PostQuantum;

namespace SecretsKit.Core.Tests.Crypto.PostQuantum;

/// <summary>The managed SHA3/SHAKE against FIPS 202 known answers and, where the platform has SHA-3, against the BCL.</summary>
public sealed class KeccakTests
{
    [Fact]
    public void Known_answers_for_the_empty_input()
    {
        Assert.Equal("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
            Convert.ToHexStringLower(Keccak.Sha3_256([])));
        Assert.Equal("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f",
            Convert.ToHexStringLower(Keccak.Shake256([], [], 32)));
        var shake128 = Keccak.Shake128();
        var output = new byte[32];
        shake128.Squeeze(output);
        Assert.Equal("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26", Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Sha3_224_known_answers_for_the_empty_input_and_more_than_one_block()
    {
        Assert.Equal("6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7", Convert.ToHexStringLower(Keccak.Sha3_224([])));
        Assert.Equal("455e0ccfc6010738ed93a793dffd79aff36debbd1a7eb6621bd6c722",
            SecretsKit.Core.Crypto.Sha3Digest.Hash224Hex(System.Text.Encoding.ASCII.GetBytes(new string('a', 200))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(71)]
    [InlineData(72)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(168)]
    [InlineData(1000)]
    public void Matches_the_platform_sha3_where_it_is_supported(int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);
        if (SHA3_256.IsSupported) Assert.Equal(SHA3_256.HashData(data), Keccak.Sha3_256(data.AsSpan(0, length / 2), data.AsSpan(length / 2)));
        if (SHA3_512.IsSupported) Assert.Equal(SHA3_512.HashData(data), Keccak.Sha3_512(data));
        if (Shake256.IsSupported) Assert.Equal(Shake256.HashData(data, 300), Keccak.Shake256(data, [], 300));
        if (Shake128.IsSupported)
        {
            var k = Keccak.Shake128();
            k.Absorb(data);
            var output = new byte[400];
            k.Squeeze(output.AsSpan(0, 3));
            k.Squeeze(output.AsSpan(3));
            Assert.Equal(Shake128.HashData(data, 400), output);
        }
    }
}
