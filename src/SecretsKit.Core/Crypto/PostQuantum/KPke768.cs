using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>K-PKE (FIPS 203 Algorithms 13–15) with the ML-KEM-768 parameters k = 3, η1 = η2 = 2, du = 10, dv = 4.</summary>
internal static class KPke768
{
    public const int K = 3;
    public const int EncryptionKeySize = 384 * K + 32; // 1184
    public const int DecryptionKeySize = 384 * K;      // 1152
    public const int CiphertextSize = 32 * (10 * K + 4); // 1088
    private const int Du = 10;
    private const int Dv = 4;
    private const int N = MlKemField.N;

    /// <summary>Algorithm 13: (ekPKE, dkPKE) from the 32-byte seed d.</summary>
    public static void KeyGen(ReadOnlySpan<byte> d, Span<byte> ek, Span<byte> dk)
    {
        var g = Keccak.Sha3_512(d, [K]);
        var rho = g.AsSpan(0, 32);
        var sigma = g.AsSpan(32, 32);
        var a = ExpandMatrix(rho, transpose: false);
        var s = new int[K * N];
        var e = new int[K * N];
        byte nonce = 0;
        for (var i = 0; i < K; i++) MlKemSampling.SampleCbd2(sigma, nonce++, s.AsSpan(i * N, N));
        for (var i = 0; i < K; i++) MlKemSampling.SampleCbd2(sigma, nonce++, e.AsSpan(i * N, N));
        for (var i = 0; i < K; i++)
        {
            MlKemField.Ntt(s.AsSpan(i * N, N));
            MlKemField.Ntt(e.AsSpan(i * N, N));
        }
        var t = new int[N];
        for (var i = 0; i < K; i++)
        {
            e.AsSpan(i * N, N).CopyTo(t);
            for (var j = 0; j < K; j++) MlKemField.MultiplyAccumulate(a.AsSpan((i * K + j) * N, N), s.AsSpan(j * N, N), t);
            MlKemCodec.Encode(t, 12, ek.Slice(384 * i, 384));
            MlKemCodec.Encode(s.AsSpan(i * N, N), 12, dk.Slice(384 * i, 384));
        }
        rho.CopyTo(ek[(384 * K)..]);
        Wipe(g, s, e, t);
    }

    /// <summary>Algorithm 14: encrypts the 32-byte message m under ekPKE with the randomness r.</summary>
    public static void Encrypt(ReadOnlySpan<byte> ek, ReadOnlySpan<byte> m, ReadOnlySpan<byte> r, Span<byte> ciphertext)
    {
        var t = new int[K * N];
        for (var i = 0; i < K; i++) MlKemCodec.Decode(ek.Slice(384 * i, 384), 12, t.AsSpan(i * N, N));
        var aT = ExpandMatrix(ek[(384 * K)..], transpose: true);
        var y = new int[K * N];
        var e1 = new int[K * N];
        var e2 = new int[N];
        byte nonce = 0;
        for (var i = 0; i < K; i++) MlKemSampling.SampleCbd2(r, nonce++, y.AsSpan(i * N, N));
        for (var i = 0; i < K; i++) MlKemSampling.SampleCbd2(r, nonce++, e1.AsSpan(i * N, N));
        MlKemSampling.SampleCbd2(r, nonce, e2);
        for (var i = 0; i < K; i++) MlKemField.Ntt(y.AsSpan(i * N, N));
        var u = new int[N];
        for (var i = 0; i < K; i++)
        {
            Array.Clear(u);
            for (var j = 0; j < K; j++) MlKemField.MultiplyAccumulate(aT.AsSpan((i * K + j) * N, N), y.AsSpan(j * N, N), u);
            MlKemField.InverseNtt(u);
            for (var n = 0; n < N; n++) u[n] = MlKemField.Add(u[n], e1[i * N + n]);
            MlKemCodec.Compress(u, Du);
            MlKemCodec.Encode(u, Du, ciphertext.Slice(32 * Du * i, 32 * Du));
        }
        var v = new int[N];
        for (var i = 0; i < K; i++) MlKemField.MultiplyAccumulate(t.AsSpan(i * N, N), y.AsSpan(i * N, N), v);
        MlKemField.InverseNtt(v);
        var mu = new int[N];
        MlKemCodec.Decode(m, 1, mu);
        MlKemCodec.Decompress(mu, 1);
        for (var n = 0; n < N; n++) v[n] = MlKemField.Add(MlKemField.Add(v[n], e2[n]), mu[n]);
        MlKemCodec.Compress(v, Dv);
        MlKemCodec.Encode(v, Dv, ciphertext.Slice(32 * Du * K, 32 * Dv));
        Wipe(y, e1, e2, u, v, mu);
    }

    /// <summary>Algorithm 15: recovers the 32-byte message from a ciphertext with dkPKE.</summary>
    public static void Decrypt(ReadOnlySpan<byte> dk, ReadOnlySpan<byte> ciphertext, Span<byte> m)
    {
        var w = new int[N];
        MlKemCodec.Decode(ciphertext.Slice(32 * Du * K, 32 * Dv), Dv, w);
        MlKemCodec.Decompress(w, Dv);
        var s = new int[N];
        var u = new int[N];
        var product = new int[N];
        for (var i = 0; i < K; i++)
        {
            MlKemCodec.Decode(ciphertext.Slice(32 * Du * i, 32 * Du), Du, u);
            MlKemCodec.Decompress(u, Du);
            MlKemField.Ntt(u);
            MlKemCodec.Decode(dk.Slice(384 * i, 384), 12, s);
            MlKemField.MultiplyAccumulate(s, u, product);
        }
        MlKemField.InverseNtt(product);
        for (var n = 0; n < N; n++) w[n] = MlKemField.Subtract(w[n], product[n]);
        MlKemCodec.Compress(w, 1);
        MlKemCodec.Encode(w, 1, m);
        Wipe(w, s, u, product);
    }

    /// <summary>Â (or Âᵀ) as K·K polynomials, row-major.</summary>
    private static int[] ExpandMatrix(ReadOnlySpan<byte> rho, bool transpose)
    {
        var a = new int[K * K * N];
        for (var i = 0; i < K; i++)
        {
            for (var j = 0; j < K; j++)
            {
                // Â[i, j] = SampleNTT(ρ ‖ j ‖ i); the transpose swaps the two indices.
                var (row, column) = transpose ? (j, i) : (i, j);
                MlKemSampling.SampleNtt(rho, (byte)column, (byte)row, a.AsSpan((i * K + j) * N, N));
            }
        }
        return a;
    }

    private static void Wipe(params object[] buffers)
    {
        foreach (var b in buffers)
        {
            if (b is int[] ints) Array.Clear(ints);
            else if (b is byte[] bytes) CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
