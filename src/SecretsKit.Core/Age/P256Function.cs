using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace SecretsKit.Core.Age;

/// <summary>
/// P-256 ECDH for the tag recipients (BouncyCastle, so the native CLI loads no OpenSSL): decoding a compressed or
/// uncompressed point (checked to be on the curve), and an ephemeral key agreement giving (encapsulated public
/// key, x-coordinate of the shared point).
/// </summary>
internal static class P256Function
{
    public const int CompressedSize = 33;
    public const int UncompressedSize = 65;
    private static readonly X9ECParameters Curve = ECNamedCurveTable.GetByName("P-256");

    /// <summary>Decodes a SEC 1 point; throws <see cref="AgeException"/> when it is not a valid point of P-256.</summary>
    public static ECPoint Decode(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var point = Curve.Curve.DecodePoint(encoded.ToArray()).Normalize();
            if (point.IsInfinity || !point.IsValid()) throw new AgeException("invalid P-256 point");
            return point;
        }
        catch (ArgumentException e)
        {
            throw new AgeException("invalid P-256 point", inner: e);
        }
    }

    public static byte[] Uncompressed(ECPoint point) => point.GetEncoded(false);

    public static byte[] Compressed(ECPoint point) => point.GetEncoded(true);

    /// <summary>A fresh ephemeral key: returns its uncompressed public point and the x-coordinate of k·<paramref name="peer"/>.</summary>
    public static (byte[] Ephemeral, byte[] SharedX) Agree(ECPoint peer)
    {
        var k = RandomScalar();
        var ephemeral = Curve.G.Multiply(k).Normalize().GetEncoded(false);
        var shared = peer.Multiply(k).Normalize();
        if (shared.IsInfinity) throw new AgeException("invalid P-256 recipient: shared point at infinity");
        return (ephemeral, shared.AffineXCoord.GetEncoded());
    }

    /// <summary>The uncompressed public point of a secret scalar (tests derive tag recipients with it).</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> scalar) =>
        Curve.G.Multiply(new BigInteger(1, scalar.ToArray())).Normalize().GetEncoded(false);

    private static BigInteger RandomScalar()
    {
        var bytes = new byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var k = new BigInteger(1, bytes);
            if (k.SignValue > 0 && k.CompareTo(Curve.N) < 0)
            {
                CryptographicOperations.ZeroMemory(bytes);
                return k;
            }
        }
    }
}
