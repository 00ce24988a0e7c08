using System.Numerics;
using System.Security.Cryptography;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>
/// The birational map from Edwards25519 to Curve25519 that age's ssh-ed25519 type uses:
/// public key u = (1 + y) / (1 − y) mod p; secret scalar = first half of SHA-512(seed).
/// </summary>
internal static class Ed25519ToCurve25519
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));

    /// <summary>Converts a 32-byte Ed25519 public key; rejects encodings that are not a point on the curve.</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> edPublicKey)
    {
        if (edPublicKey.Length != 32) throw new AgeException("invalid Ed25519 public key length");
        var bytes = edPublicKey.ToArray();
        bytes[31] &= 0x7f;
        var y = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        if (y >= P) throw new AgeException("invalid Ed25519 public key: non-canonical encoding");
        var y2 = Mod(y * y);
        var x2 = Mod((y2 - 1) * Inverse(Mod(D * y2 + 1)));
        if (!x2.IsZero && BigInteger.ModPow(x2, (P - 1) / 2, P) != BigInteger.One)
        {
            throw new AgeException("invalid Ed25519 public key: not a point on the curve");
        }
        var u = Mod((1 + y) * Inverse(Mod(1 - y)));
        var result = new byte[32];
        u.TryWriteBytes(result, out _, isUnsigned: true, isBigEndian: false);
        return result;
    }

    /// <summary>The X25519 secret for an Ed25519 seed (X25519 clamps it when used).</summary>
    public static byte[] SecretKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new AgeException("invalid Ed25519 seed length");
        var h = ManagedSha512.Hash(seed);
        var secret = h[..32];
        CryptographicOperations.ZeroMemory(h);
        return secret;
    }

    private static BigInteger Mod(BigInteger a)
    {
        var r = a % P;
        return r.Sign < 0 ? r + P : r;
    }

    private static BigInteger Inverse(BigInteger a) => BigInteger.ModPow(Mod(a), P - 2, P);
}
