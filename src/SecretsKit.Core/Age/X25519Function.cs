using SecretsKit.Core.Crypto;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace SecretsKit.Core.Age;

/// <summary>
/// The X25519 function (RFC 7748) for every age recipient type. A public key is X25519(k, 9) through the plain
/// Montgomery ladder: BouncyCastle's ScalarMultBase goes through Ed25519 and first builds its precomputed
/// base-point tables, which costs more than the one or two multiplications a CLI run makes. The lean native CLI computes
/// it with libsodium instead (<see cref="SodiumX25519"/>).
/// </summary>
internal static class X25519Function
{
    public const int Size = 32;
    private static readonly byte[] BasePoint = [9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>X25519(scalar, point): the scalar is clamped, the point's top bit ignored, as RFC 7748 says.</summary>
    public static byte[] ScalarMult(byte[] scalar, byte[] point)
    {
        if (scalar.Length != Size || point.Length != Size) throw new AgeException("invalid X25519 input length");
        return Libsodium.IsEnabled ? SodiumX25519.ScalarMult(scalar, point) : BouncyCastleScalarMult(scalar, point);
    }

    /// <summary>BouncyCastle's RFC 7748 ladder (26-bit limbs): every build but the lean native CLI.</summary>
    internal static byte[] BouncyCastleScalarMult(byte[] scalar, byte[] point)
    {
        var result = new byte[Size];
        BcX25519.ScalarMult(scalar, 0, point, 0, result, 0);
        return result;
    }

    /// <summary>The public key (u-coordinate) of <paramref name="scalar"/>: X25519(scalar, 9).</summary>
    public static byte[] PublicKey(byte[] scalar) => ScalarMult(scalar, BasePoint);
}
