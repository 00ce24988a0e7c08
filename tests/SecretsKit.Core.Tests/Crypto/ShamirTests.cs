using System.Security.Cryptography;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Tests.Crypto;

public sealed class ShamirTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(255, 255)]
    public void Any_threshold_subset_of_shares_recovers_the_secret(int parts, int threshold)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, parts, threshold);
        Assert.Equal(parts, shares.Length);
        for (var i = 0; i < parts; i++)
        {
            Assert.Equal(33, shares[i].Length);
            Assert.Equal(i + 1, shares[i][32]);
        }
        Assert.Equal(secret, Shamir.Combine(shares.Take(threshold).ToList()));
        Assert.Equal(secret, Shamir.Combine(shares.Reverse().Take(threshold).ToList()));
        Assert.Equal(secret, Shamir.Combine(shares));
    }

    [Fact]
    public void Fewer_than_threshold_shares_give_a_different_value()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 5, 3);
        Assert.NotEqual(secret, Shamir.Combine([shares[0], shares[1]]));
    }

    [Fact]
    public void Split_uses_fresh_randomness_each_time()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        Assert.NotEqual(Shamir.Split(secret, 2, 2)[0], Shamir.Split(secret, 2, 2)[0]);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 3)]
    [InlineData(256, 2)]
    public void Split_rejects_invalid_parameters(int parts, int threshold)
    {
        Assert.Throws<ArgumentException>(() => Shamir.Split(new byte[32], parts, threshold));
    }

    [Fact]
    public void Combine_rejects_too_few_mismatched_or_duplicate_shares()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(32), 3, 2);
        Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0]]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0], shares[1][..20]]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0], shares[0]]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([[1], [2]]));
    }

    [Fact]
    public void Field_arithmetic_matches_the_AES_field()
    {
        // FIPS 197 §4.2: {57} • {83} = {c1}; {57} • {13} = {fe}.
        Assert.Equal(0xC1, GaloisField256.Multiply(0x57, 0x83));
        Assert.Equal(0xFE, GaloisField256.Multiply(0x57, 0x13));
        for (var a = 1; a < 256; a++)
        {
            Assert.Equal(1, GaloisField256.Multiply((byte)a, GaloisField256.Inverse((byte)a)));
        }
        Assert.Equal(0, GaloisField256.Inverse(0));
    }
}
