using SecretsKit.Core.Age;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tests.Crypto.Support;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// X25519, BouncyCastle's and libsodium's (<see cref="X25519Implementations"/>), against RFC 7748 §5.2's vectors: two with
/// non-canonical inputs (the u-coordinate's top bit set, unclamped scalars) and the iterated one after 1 and 1,000 rounds
/// (each round's output the next scalar).
/// </summary>
public sealed class X25519FunctionTests
{
    public static TheoryData<string, string, string, string> Section52Vectors()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var implementation in new[] { SystemLibsodium.BouncyCastle, SystemLibsodium.Libsodium })
        {
            data.Add(implementation, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
            data.Add(implementation, "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Section52Vectors))]
    public void Matches_RFC_7748_section_5_2(string implementation, string scalar, string u, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(
            X25519Implementations.ScalarMult(implementation, Convert.FromHexString(scalar), Convert.FromHexString(u))));

    [Theory]
    [MemberData(nameof(SystemLibsodium.Implementations), MemberType = typeof(SystemLibsodium))]
    public void Matches_the_iterated_vector_after_1_and_1000_rounds(string implementation)
    {
        var k = new byte[32];
        k[0] = 9;
        var u = (byte[])k.Clone();
        for (var round = 1; round <= 1000; round++)
        {
            var next = X25519Implementations.ScalarMult(implementation, k, u);
            u = k;
            k = next;
            if (round == 1) Assert.Equal("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", Convert.ToHexStringLower(k));
        }
        Assert.Equal("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", Convert.ToHexStringLower(k));
    }

    /// <summary>The function the code calls (BouncyCastle in this process: only the lean native CLI switches libsodium on).</summary>
    [Fact]
    public void The_code_path_is_BouncyCastle_outside_the_lean_native_CLI()
    {
        Assert.False(Libsodium.IsEnabled);
        var scalar = Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        var u = Convert.FromHexString("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        Assert.Equal("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", Convert.ToHexStringLower(X25519Function.ScalarMult(scalar, u)));
    }
}
