using System.Security.Cryptography;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Tests.Crypto;

/// <summary>The size-switching MAC hash: managed below the limit, OpenSSL past it, the same digest either way.</summary>
public sealed class MacSha512Tests
{
    [Fact]
    public void Small_input_matches_the_FIPS_abc_vector_without_switching_to_OpenSSL()
    {
        using var mac = new MacSha512();
        mac.Append("a"u8);
        mac.Append("bc"u8);
        Assert.False(mac.UsesNative);
        var digest = new byte[64];
        mac.Finish(digest);
        Assert.Equal("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void One_million_a_in_small_appends_matches_the_NIST_vector_after_switching()
    {
        using var mac = new MacSha512();
        var chunk = new byte[1000];
        Array.Fill(chunk, (byte)'a');
        for (var i = 0; i < 1000; i++) mac.Append(chunk);
        Assert.True(mac.UsesNative);
        var digest = new byte[64];
        mac.Finish(digest);
        Assert.Equal("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
            Convert.ToHexStringLower(digest));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(77, MacSha512.ManagedLimit / 77)] // just below the limit
    [InlineData(77, MacSha512.ManagedLimit / 77 + 1)] // just past it
    [InlineData(MacSha512.ManagedLimit - 1, 2)]
    [InlineData(MacSha512.ChunkSize * 3 + 5, 3)] // single appends larger than a batch
    [InlineData(1000, 5000)]
    public void Digest_equals_the_BCL_SHA512_of_the_concatenation(int size, int count)
    {
        var data = RandomNumberGenerator.GetBytes(size * count);
        using var mac = new MacSha512();
        for (var i = 0; i < count; i++) mac.Append(data.AsSpan(i * size, size));
        Assert.Equal((long)size * count > MacSha512.ManagedLimit, mac.UsesNative);
        var digest = new byte[64];
        mac.Finish(digest);
        Assert.Equal(SHA512.HashData(data), digest);
    }

    [Fact]
    public void Finish_starts_over_from_either_mode()
    {
        var big = RandomNumberGenerator.GetBytes(MacSha512.ManagedLimit + 100);
        using var mac = new MacSha512();
        var digest = new byte[64];
        mac.Append(big);
        mac.Finish(digest);
        Assert.Equal(SHA512.HashData(big), digest);
        Assert.False(mac.UsesNative);
        mac.Append("abc"u8);
        mac.Finish(digest);
        Assert.Equal(SHA512.HashData("abc"u8), digest);
    }
}
