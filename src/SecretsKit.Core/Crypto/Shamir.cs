using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto;

/// <summary>Shamir secret sharing over GF(2^8) as sops does it (spec §7): 33-byte shares, x as the last byte.</summary>
public static class Shamir
{
    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="parts"/> shares, any <paramref name="threshold"/> of which
    /// recover it. Share i is the polynomial values at x = i + 1 followed by that x, so it is one byte longer than the secret.
    /// </summary>
    public static byte[][] Split(byte[] secret, int parts, int threshold)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (threshold < 2) throw new ArgumentException($"the Shamir threshold must be at least 2, got {threshold}", nameof(threshold));
        if (parts < threshold) throw new ArgumentException($"the Shamir threshold ({threshold}) cannot exceed the number of parts ({parts})", nameof(threshold));
        if (parts > 255) throw new ArgumentException($"at most 255 Shamir parts are possible, got {parts}", nameof(parts));
        if (secret.Length == 0) throw new ArgumentException("cannot split an empty secret", nameof(secret));

        var shares = new byte[parts][];
        for (var p = 0; p < parts; p++)
        {
            shares[p] = new byte[secret.Length + 1];
            shares[p][secret.Length] = (byte)(p + 1);
        }
        var coefficients = new byte[threshold];
        try
        {
            for (var i = 0; i < secret.Length; i++)
            {
                // Constant term = the secret byte; the other threshold-1 coefficients are random.
                coefficients[0] = secret[i];
                RandomNumberGenerator.Fill(coefficients.AsSpan(1));
                for (var p = 0; p < parts; p++)
                {
                    shares[p][i] = Evaluate(coefficients, (byte)(p + 1));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }
        return shares;
    }

    /// <summary>Recovers the secret from at least two shares by Lagrange interpolation at x = 0.</summary>
    public static byte[] Combine(IReadOnlyList<byte[]> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count < 2) throw new ArgumentException("at least two Shamir shares are needed to recover the secret", nameof(shares));
        var length = shares[0].Length;
        if (length < 2) throw new ArgumentException("Shamir shares must be at least two bytes long", nameof(shares));
        var xs = new byte[shares.Count];
        for (var s = 0; s < shares.Count; s++)
        {
            if (shares[s].Length != length) throw new ArgumentException("all Shamir shares must have the same length", nameof(shares));
            xs[s] = shares[s][length - 1];
            for (var t = 0; t < s; t++)
            {
                if (xs[t] == xs[s]) throw new ArgumentException($"duplicate Shamir share (x = {xs[s]})", nameof(shares));
            }
        }

        // The Lagrange basis at 0 depends only on the x values: L_s(0) = Π_{t≠s} x_t / (x_s ⊕ x_t).
        var basis = new byte[shares.Count];
        for (var s = 0; s < shares.Count; s++)
        {
            byte weight = 1;
            for (var t = 0; t < shares.Count; t++)
            {
                if (t == s) continue;
                weight = GaloisField256.Multiply(weight, GaloisField256.Divide(xs[t], GaloisField256.Add(xs[s], xs[t])));
            }
            basis[s] = weight;
        }

        var secret = new byte[length - 1];
        for (var i = 0; i < secret.Length; i++)
        {
            byte value = 0;
            for (var s = 0; s < shares.Count; s++)
            {
                value ^= GaloisField256.Multiply(shares[s][i], basis[s]);
            }
            secret[i] = value;
        }
        return secret;
    }

    /// <summary>Horner's rule: c0 + x·(c1 + x·(c2 + …)).</summary>
    private static byte Evaluate(byte[] coefficients, byte x)
    {
        byte result = 0;
        for (var k = coefficients.Length - 1; k >= 0; k--)
        {
            result = GaloisField256.Add(GaloisField256.Multiply(result, x), coefficients[k]);
        }
        return result;
    }
}
