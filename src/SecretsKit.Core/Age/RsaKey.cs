using System.Numerics;
using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// An RSA key with the raw primitives RSAEP (public) and RSADP (private, CRT form) of RFC 8017 §5.1, over
/// <see cref="BigInteger"/>. The BCL exposes no unpadded RSA, and BouncyCastle's <c>BigInteger</c> type initialiser builds
/// a <c>SecureRandom</c> whose digest registry is not AOT-safe (IL3050), so the ssh-rsa recipient/identity use this.
/// The private operation blinds the base (c·rᵉ mod n for a fresh random r, unblinded with r⁻¹ mod n) and the CRT
/// exponents (dP + k(p−1), dQ + k(q−1) with a fresh random 64-bit k), and checks its result with the public exponent
/// before unblinding. <see cref="BigInteger.ModPow"/> is not constant time; the blinding is what keeps the timing
/// independent of the ciphertext and of the exact exponent bits from one decryption to the next.
/// </summary>
internal sealed class RsaKey
{
    private readonly BigInteger _n;
    private readonly BigInteger _e;
    private readonly Crt? _crt;

    private sealed record Crt(BigInteger P, BigInteger Q, BigInteger DP, BigInteger DQ, BigInteger QInv);

    private RsaKey(BigInteger n, BigInteger e, Crt? crt)
    {
        if (n.Sign <= 0 || n.IsEven || e.Sign <= 0 || e >= n) throw new AgeException("malformed RSA key");
        _n = n;
        _e = e;
        _crt = crt;
        Size = (int)((n.GetBitLength() + 7) / 8);
    }

    /// <summary>Modulus length in bytes (<c>k</c> in RFC 8017).</summary>
    public int Size { get; }

    public long BitLength => _n.GetBitLength();

    public static RsaKey Public(BigInteger n, BigInteger e) => new(n, e, null);

    /// <summary>A private key from OpenSSH's fields; <paramref name="iqmp"/> is q⁻¹ mod p.</summary>
    public static RsaKey Private(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, BigInteger iqmp)
    {
        if (p <= BigInteger.One || q <= BigInteger.One || p * q != n || d.Sign <= 0) throw new AgeException("malformed RSA private key");
        if (iqmp.Sign <= 0 || iqmp >= p || iqmp * q % p != BigInteger.One) throw new AgeException("malformed RSA private key (iqmp)");
        return new RsaKey(n, e, new Crt(p, q, d % (p - 1), d % (q - 1), iqmp));
    }

    /// <summary>RSAEP: <paramref name="message"/> (≤ k bytes, as an integer below n) to the e-th power, as k bytes.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> message)
    {
        var m = ToInteger(message) ?? throw new AgeException("RSA input out of range");
        return ToBytes(BigInteger.ModPow(m, _e, _n));
    }

    /// <summary>RSADP: the private operation on a ciphertext of at most k bytes; null when it is out of range for this key.</summary>
    public byte[]? Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        var crt = _crt ?? throw new InvalidOperationException("not an RSA private key");
        if (ToInteger(ciphertext) is not { } c) return null;
        var (r, rInverse) = BlindingPair();
        var blinded = c * BigInteger.ModPow(r, _e, _n) % _n;
        var k = RandomInteger(8);
        var m1 = BigInteger.ModPow(blinded % crt.P, crt.DP + k * (crt.P - 1), crt.P);
        var m2 = BigInteger.ModPow(blinded % crt.Q, crt.DQ + k * (crt.Q - 1), crt.Q);
        var h = crt.QInv * (m1 - m2) % crt.P;
        if (h.Sign < 0) h += crt.P;
        var mBlinded = m2 + h * crt.Q;
        if (BigInteger.ModPow(mBlinded, _e, _n) != blinded) throw new AgeException("RSA private operation failed its consistency check (inconsistent key)");
        return ToBytes(mBlinded * rInverse % _n);
    }

    /// <summary>A random r in [2, n) coprime to n and r⁻¹ mod n. Only public n and the fresh r enter the (variable-time)
    /// inverse, never p or q.</summary>
    private (BigInteger R, BigInteger Inverse) BlindingPair()
    {
        while (true)
        {
            var r = RandomInteger(Size + 8) % _n;
            if (r <= BigInteger.One) continue;
            if (ModInverse(r, _n) is { } inverse) return (r, inverse);
        }
    }

    /// <summary>a⁻¹ mod m by the extended Euclidean algorithm; null when gcd(a, m) ≠ 1.</summary>
    private static BigInteger? ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger t = BigInteger.Zero, nextT = BigInteger.One, r = m, nextR = a;
        while (!nextR.IsZero)
        {
            var q = BigInteger.DivRem(r, nextR, out var remainder);
            (t, nextT) = (nextT, t - q * nextT);
            (r, nextR) = (nextR, remainder);
        }
        if (!r.IsOne) return null;
        return t.Sign < 0 ? t + m : t;
    }

    private static BigInteger RandomInteger(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return new BigInteger(buffer, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>OS2IP with the range check 0 ≤ x &lt; n; null when longer than k bytes or not below n.</summary>
    private BigInteger? ToInteger(ReadOnlySpan<byte> octets)
    {
        if (octets.Length > Size) return null;
        var x = new BigInteger(octets, isUnsigned: true, isBigEndian: true);
        return x < _n ? x : null;
    }

    /// <summary>I2OSP to exactly k bytes.</summary>
    private byte[] ToBytes(BigInteger x)
    {
        var output = new byte[Size];
        var length = x.GetByteCount(isUnsigned: true);
        if (!x.TryWriteBytes(output.AsSpan(Size - length), out _, isUnsigned: true, isBigEndian: true)) throw new InvalidOperationException("RSA output longer than the modulus");
        return output;
    }
}
