namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>
/// SampleNTT (Algorithm 7: rejection sampling of the public matrix from SHAKE128) and SamplePolyCBD_η with
/// PRF_η = SHAKE256 (Algorithm 8). Only SampleNTT branches on its input, which is public (derived from ρ).
/// </summary>
internal static class MlKemSampling
{
    /// <summary>Â[i, j] = SampleNTT(ρ ‖ j ‖ i).</summary>
    public static void SampleNtt(ReadOnlySpan<byte> rho, byte j, byte i, Span<int> a)
    {
        var xof = Keccak.Shake128();
        xof.Absorb(rho);
        xof.Absorb([j, i]);
        Span<byte> c = stackalloc byte[168];
        var n = 0;
        while (n < MlKemField.N)
        {
            xof.Squeeze(c);
            for (var p = 0; p + 3 <= c.Length && n < MlKemField.N; p += 3)
            {
                var d1 = c[p] | ((c[p + 1] & 0x0F) << 8);
                var d2 = (c[p + 1] >> 4) | (c[p + 2] << 4);
                if (d1 < MlKemField.Q) a[n++] = d1;
                if (d2 < MlKemField.Q && n < MlKemField.N) a[n++] = d2;
            }
        }
    }

    /// <summary>SamplePolyCBD_2(PRF_2(s, nonce)): each coefficient is (b0 + b1) − (b2 + b3) mod q.</summary>
    public static void SampleCbd2(ReadOnlySpan<byte> s, byte nonce, Span<int> f)
    {
        var bytes = Keccak.Shake256(s, [nonce], 128);
        for (var i = 0; i < MlKemField.N; i++)
        {
            var bits = bytes[i / 2] >> (4 * (i & 1));
            var x = (bits & 1) + ((bits >> 1) & 1);
            var y = ((bits >> 2) & 1) + ((bits >> 3) & 1);
            f[i] = MlKemField.Subtract(x, y);
        }
        Array.Clear(bytes);
    }
}
