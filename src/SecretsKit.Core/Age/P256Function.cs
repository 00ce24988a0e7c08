using System.Numerics;
using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// P-256 ECDH for the tag recipients: decoding a compressed or uncompressed SEC 1 point (checked to be on the curve,
/// with System.Numerics arithmetic on public values only), and an ephemeral key agreement through the platform's
/// <see cref="ECDiffieHellman"/> giving (encapsulated public key, x-coordinate of the shared point). Only encryption to
/// a tag recipient reaches this (rare), so the platform's crypto library is loaded only then. BouncyCastle's curve
/// table is not used: it makes the native AOT build fail its analysis (IL3053).
/// </summary>
internal static class P256Function
{
    public const int CompressedSize = 33;
    public const int UncompressedSize = 65;
    private const int FieldSize = 32;
    private static readonly BigInteger P = Hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    private static readonly BigInteger B = Hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");

    /// <summary>Decodes a SEC 1 point; throws <see cref="AgeException"/> when it is not a valid point of P-256.</summary>
    public static P256Point Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length == UncompressedSize && encoded[0] == 0x04)
        {
            var x = Unsigned(encoded.Slice(1, FieldSize));
            var y = Unsigned(encoded.Slice(1 + FieldSize, FieldSize));
            if (x >= P || y >= P || BigInteger.ModPow(y, 2, P) != Rhs(x)) throw new AgeException("invalid P-256 point");
            return new P256Point(encoded.Slice(1, FieldSize).ToArray(), encoded.Slice(1 + FieldSize, FieldSize).ToArray());
        }
        if (encoded.Length == CompressedSize && encoded[0] is 0x02 or 0x03)
        {
            var x = Unsigned(encoded[1..]);
            if (x >= P) throw new AgeException("invalid P-256 point");
            var rhs = Rhs(x);
            var y = BigInteger.ModPow(rhs, (P + 1) / 4, P); // p ≡ 3 (mod 4)
            if (BigInteger.ModPow(y, 2, P) != rhs) throw new AgeException("invalid P-256 point");
            if ((y.IsEven ? 0x02 : 0x03) != encoded[0]) y = P - y;
            return new P256Point(encoded[1..].ToArray(), Fixed(y));
        }
        throw new AgeException("invalid P-256 point");
    }

    public static byte[] Uncompressed(P256Point point) => [0x04, .. point.X, .. point.Y];

    public static byte[] Compressed(P256Point point) => [(byte)((point.Y[^1] & 1) == 0 ? 0x02 : 0x03), .. point.X];

    /// <summary>A fresh ephemeral key: returns its uncompressed public point and the x-coordinate of k·<paramref name="peer"/>.</summary>
    public static (byte[] Ephemeral, byte[] SharedX) Agree(P256Point peer)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var recipient = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = peer.X, Y = peer.Y },
        });
        var q = ephemeral.ExportParameters(false).Q;
        var shared = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
        return ([0x04, .. q.X!, .. q.Y!], shared);
    }

    /// <summary>The uncompressed public point of a secret scalar (tests derive tag recipients with it).</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> scalar)
    {
        using var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar.ToArray() });
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    /// <summary>y² = x³ − 3x + b (mod p).</summary>
    private static BigInteger Rhs(BigInteger x) => ((BigInteger.ModPow(x, 3, P) - 3 * x + B) % P + P) % P;

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static BigInteger Hex(string hex) => Unsigned(Convert.FromHexString(hex));

    private static byte[] Fixed(BigInteger value)
    {
        var bytes = new byte[FieldSize];
        value.TryWriteBytes(bytes.AsSpan(FieldSize - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }
}
