using System.Numerics;

namespace SecretsKit.Core.Age;

/// <summary>
/// Blowfish with the "expensive key schedule" of OpenBSD's <c>blf.c</c> (<c>Blowfish_expandstate</c>,
/// <c>Blowfish_expand0state</c>), the primitive under <see cref="BcryptPbkdf"/>. The initial P-array and S-boxes are
/// the hexadecimal digits of pi's fraction, 1,042 32-bit words in order, as Schneier defined them; they are computed
/// once (Machin's formula over <see cref="BigInteger"/>, a few milliseconds) instead of being spelled out as a table.
/// </summary>
internal sealed class EksBlowfish
{
    private const int Rounds = 16;

    private const int PWords = Rounds + 2;

    private const int InitialWords = PWords + (4 * 256);

    private static readonly Lazy<uint[]> PiWords = new(ComputePiWords);

    private readonly uint[] _p = new uint[PWords];

    private readonly uint[] _s = new uint[4 * 256];

    public EksBlowfish()
    {
        var pi = PiWords.Value;
        pi.AsSpan(0, PWords).CopyTo(_p);
        pi.AsSpan(PWords).CopyTo(_s);
    }

    /// <summary>The first words of the initial state, to check the digits against the published Blowfish constants.</summary>
    internal static ReadOnlySpan<uint> InitialState => PiWords.Value;

    /// <summary><c>Blowfish_expandstate</c>: the key into P, then P and the S-boxes re-enciphered with the data mixed in.</summary>
    public void ExpandState(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key) => Expand(key, data, mixData: true);

    /// <summary><c>Blowfish_expand0state</c>: as <see cref="ExpandState"/> without data.</summary>
    public void Expand0State(ReadOnlySpan<byte> key) => Expand(key, [], mixData: false);

    /// <summary><c>blf_enc</c>: enciphers consecutive 64-bit blocks (pairs of words) in place.</summary>
    public void Encrypt(Span<uint> words)
    {
        for (var i = 0; i + 1 < words.Length; i += 2) Encipher(ref words[i], ref words[i + 1]);
    }

    /// <summary><c>Blowfish_stream2word</c>: the next big-endian word of <paramref name="data"/>, wrapping around.</summary>
    public static uint StreamToWord(ReadOnlySpan<byte> data, ref int position)
    {
        uint word = 0;
        for (var i = 0; i < 4; i++)
        {
            if (position >= data.Length) position = 0;
            word = (word << 8) | data[position++];
        }
        return word;
    }

    private void Expand(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, bool mixData)
    {
        var j = 0;
        for (var i = 0; i < PWords; i++) _p[i] ^= StreamToWord(key, ref j);
        j = 0;
        uint left = 0, right = 0;
        for (var i = 0; i < PWords; i += 2) Next(data, mixData, ref j, ref left, ref right, _p, i);
        for (var i = 0; i < _s.Length; i += 2) Next(data, mixData, ref j, ref left, ref right, _s, i);
    }

    private void Next(ReadOnlySpan<byte> data, bool mixData, ref int j, ref uint left, ref uint right, uint[] into, int at)
    {
        if (mixData)
        {
            left ^= StreamToWord(data, ref j);
            right ^= StreamToWord(data, ref j);
        }
        Encipher(ref left, ref right);
        into[at] = left;
        into[at + 1] = right;
    }

    private uint F(uint x) =>
        ((_s[x >> 24] + _s[256 + ((x >> 16) & 0xff)]) ^ _s[512 + ((x >> 8) & 0xff)]) + _s[768 + (x & 0xff)];

    private void Encipher(ref uint left, ref uint right)
    {
        var l = left ^ _p[0];
        var r = right;
        for (var i = 1; i <= Rounds; i += 2)
        {
            r ^= F(l) ^ _p[i];
            l ^= F(r) ^ _p[i + 1];
        }
        left = r ^ _p[PWords - 1];
        right = l;
    }

    /// <summary>pi's fraction as 32-bit words: floor(pi * 2^bits) by Machin's formula, with 64 guard bits.</summary>
    private static uint[] ComputePiWords()
    {
        const int bits = (InitialWords * 32) + 64;
        var unity = BigInteger.One << bits;
        var pi = 4 * ((4 * ArcCot(5, unity)) - ArcCot(239, unity));
        var fraction = pi - (3 * unity);
        var words = new uint[InitialWords];
        for (var i = 0; i < InitialWords; i++)
        {
            words[i] = (uint)((fraction >> (bits - (32 * (i + 1)))) & uint.MaxValue);
        }
        return words;
    }

    /// <summary>arccot(x) * unity: the alternating series 1/x - 1/(3x^3) + 1/(5x^5) - …</summary>
    private static BigInteger ArcCot(int x, BigInteger unity)
    {
        var power = unity / x;
        var square = (BigInteger)x * x;
        var sum = BigInteger.Zero;
        var n = 1;
        var positive = true;
        while (!power.IsZero)
        {
            var term = power / n;
            sum = positive ? sum + term : sum - term;
            power /= square;
            n += 2;
            positive = !positive;
        }
        return sum;
    }
}
