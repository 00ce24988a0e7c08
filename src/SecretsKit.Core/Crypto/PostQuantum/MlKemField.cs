namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>
/// Arithmetic in Z_q (q = 3329) and the number-theoretic transform of FIPS 203 (Algorithms 9–12). Coefficients are
/// kept fully reduced in [0, q). Reduction is Barrett's (a multiply, a shift and one masked subtraction), never the
/// <c>%</c> or <c>/</c> operators, whose timing on secret operands is not guaranteed.
/// </summary>
internal static class MlKemField
{
    public const int Q = 3329;
    public const int N = 256;
    private const ulong BarrettFactor = 1290167; // floor(2^32 / q)

    /// <summary>17^BitRev7(i) mod q, i = 0..127 (FIPS 203 §4.3).</summary>
    private static readonly int[] Zetas = BuildZetas(odd: false);

    /// <summary>17^(2·BitRev7(i)+1) mod q, i = 0..127 (the γ of BaseCaseMultiply).</summary>
    private static readonly int[] Gammas = BuildZetas(odd: true);

    /// <summary>a mod q for 0 ≤ a &lt; 2^32, in constant time.</summary>
    public static int Reduce(uint a)
    {
        var t = (uint)((a * BarrettFactor) >> 32);
        var r = (int)(a - t * Q); // in [0, 2q)
        return SubtractQIfNeeded(r);
    }

    /// <summary>⌊a / q⌋ for 0 ≤ a &lt; 2^32, in constant time (the compression of FIPS 203 §4.2.1 divides secrets).</summary>
    public static uint Divide(uint a)
    {
        var t = (uint)((a * BarrettFactor) >> 32);
        var r = (int)(a - t * Q);
        // r in [0, 2q): add one to the quotient exactly when r ≥ q
        return t + (uint)(((Q - 1 - r) >> 31) & 1);
    }

    /// <summary>r − q when r ≥ q, else r; r in [0, 2q).</summary>
    public static int SubtractQIfNeeded(int r)
    {
        r -= Q;
        return r + ((r >> 31) & Q);
    }

    public static int Add(int a, int b) => SubtractQIfNeeded(a + b);

    public static int Subtract(int a, int b) => SubtractQIfNeeded(a - b + Q);

    public static int Multiply(int a, int b) => Reduce((uint)(a * b));

    /// <summary>In-place NTT (Algorithm 9).</summary>
    public static void Ntt(Span<int> f)
    {
        var k = 1;
        for (var len = 128; len >= 2; len /= 2)
        {
            for (var start = 0; start < N; start += 2 * len)
            {
                var zeta = Zetas[k++];
                for (var j = start; j < start + len; j++)
                {
                    var t = Multiply(zeta, f[j + len]);
                    f[j + len] = Subtract(f[j], t);
                    f[j] = Add(f[j], t);
                }
            }
        }
    }

    /// <summary>In-place inverse NTT (Algorithm 10), including the final multiplication by 128⁻¹ = 3303.</summary>
    public static void InverseNtt(Span<int> f)
    {
        var k = 127;
        for (var len = 2; len <= 128; len *= 2)
        {
            for (var start = 0; start < N; start += 2 * len)
            {
                var zeta = Zetas[k--];
                for (var j = start; j < start + len; j++)
                {
                    var t = f[j];
                    f[j] = Add(t, f[j + len]);
                    f[j + len] = Multiply(zeta, Subtract(f[j + len], t));
                }
            }
        }
        for (var j = 0; j < N; j++) f[j] = Multiply(f[j], 3303);
    }

    /// <summary>h += f ∘ g in the NTT domain (Algorithms 11 and 12).</summary>
    public static void MultiplyAccumulate(ReadOnlySpan<int> f, ReadOnlySpan<int> g, Span<int> h)
    {
        for (var i = 0; i < 128; i++)
        {
            int a0 = f[2 * i], a1 = f[2 * i + 1], b0 = g[2 * i], b1 = g[2 * i + 1];
            var c0 = Add(Multiply(a0, b0), Multiply(Multiply(a1, b1), Gammas[i]));
            var c1 = Add(Multiply(a0, b1), Multiply(a1, b0));
            h[2 * i] = Add(h[2 * i], c0);
            h[2 * i + 1] = Add(h[2 * i + 1], c1);
        }
    }

    private static int[] BuildZetas(bool odd)
    {
        var result = new int[128];
        for (var i = 0; i < 128; i++)
        {
            var exponent = BitReverse7(i) * (odd ? 2 : 1) + (odd ? 1 : 0);
            var value = 1;
            for (var e = 0; e < exponent; e++) value = value * 17 % Q;
            result[i] = value;
        }
        return result;
    }

    private static int BitReverse7(int i)
    {
        var r = 0;
        for (var b = 0; b < 7; b++) r |= ((i >> b) & 1) << (6 - b);
        return r;
    }
}
