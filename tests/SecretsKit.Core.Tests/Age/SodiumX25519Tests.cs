using System.Numerics;
using SecretsKit.Core.Age;
using SecretsKit.Core.Tests.Crypto.Support;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// The lean native CLI's X25519 (libsodium's <c>crypto_scalarmult_curve25519</c>, linked statically there), called here
/// through the system's libsodium.so, gives BouncyCastle's outputs (the ladder every other build uses) on deterministic
/// random scalars and points (half with the top bit set) and every u-coordinate from p to 2^255-1, and refuses the
/// small-order points with an all-zero output as BouncyCastle does (the callers' "low-order point" error). RFC 7748's
/// vectors hold both: X25519FunctionTests, AgePrimitiveVectorTests. Fails, rather than skips, without libsodium.so.
/// </summary>
public sealed class SodiumX25519Tests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    public SodiumX25519Tests() => SystemLibsodium.Require();

    [Fact]
    public void Matches_BouncyCastle_on_4000_random_scalars_and_points()
    {
        var random = new Random(7748);
        for (var i = 0; i < 4000; i++)
        {
            var scalar = new byte[32];
            var point = new byte[32];
            random.NextBytes(scalar);
            random.NextBytes(point);
            if (i % 2 == 0) point[31] |= 0x80; else point[31] &= 0x7f;
            AssertSame(scalar, point);
        }
    }

    /// <summary>The non-canonical u-coordinates p..2^255-1 (p and p+1 are the small-order 0 and 1), with and without the top bit.</summary>
    [Fact]
    public void Matches_BouncyCastle_on_every_non_canonical_u_coordinate()
    {
        var random = new Random(25519);
        for (var k = 0; k < 19; k++)
            foreach (var top in new[] { false, true })
                AssertSame(RandomScalar(random), Point(P + k, top));
    }

    [Fact]
    public void Refuses_every_small_order_point_as_BouncyCastle_does()
    {
        BigInteger[] smallOrder =
        [
            0, 1, P - 1,
            BigInteger.Parse("325606250916557431795983626356110631294008115727848805560023387167927233504", System.Globalization.CultureInfo.InvariantCulture),
            BigInteger.Parse("39382357235489614581723060781553021112529911719440698176882885853963445705823", System.Globalization.CultureInfo.InvariantCulture),
        ];
        var random = new Random(8);
        foreach (var u in smallOrder)
            foreach (var top in new[] { false, true })
                for (var i = 0; i < 20; i++)
                {
                    var scalar = RandomScalar(random);
                    var point = Point(u, top);
                    Assert.All(X25519Function.BouncyCastleScalarMult(scalar, point), b => Assert.Equal(0, b));
                    Assert.All(SodiumX25519.ScalarMult(scalar, point), b => Assert.Equal(0, b));
                }
    }

    private static void AssertSame(byte[] scalar, byte[] point) =>
        Assert.Equal(Convert.ToHexStringLower(X25519Function.BouncyCastleScalarMult(scalar, point)),
            Convert.ToHexStringLower(SodiumX25519.ScalarMult(scalar, point)));

    private static byte[] RandomScalar(Random random)
    {
        var scalar = new byte[32];
        random.NextBytes(scalar);
        return scalar;
    }

    private static byte[] Point(BigInteger u, bool topBit = false)
    {
        var point = new byte[32];
        Assert.True(u.TryWriteBytes(point, out _, isUnsigned: true, isBigEndian: false));
        if (topBit) point[31] |= 0x80;
        return point;
    }
}
