using System.Buffers.Binary;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// GHASH of NIST SP 800-38D with a per-key 4-bit multiplication table (16 multiples of H, Shoup's method).
/// The 128-bit values are held as two big-endian halves: bit 0 of the spec (coefficient of x^0) is the top bit of <c>hi</c>.
/// </summary>
internal sealed class GHash
{
    // Reduction constants for shifting four bits out of the low end: Reduce4[r] is what those bits fold back to.
    private static readonly ulong[] Reduce4 = BuildReduce4();

    private readonly ulong[] _tableHi = new ulong[16];
    private readonly ulong[] _tableLo = new ulong[16];

    /// <summary>Builds the table for the hash subkey <paramref name="h"/> (16 bytes, E_K(0^128)).</summary>
    public GHash(ReadOnlySpan<byte> h)
    {
        ulong hi = BinaryPrimitives.ReadUInt64BigEndian(h);
        ulong lo = BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
        // Nibble value 8 (its top bit set) stands for x^0, 4 for x^1, 2 for x^2, 1 for x^3.
        _tableHi[8] = hi;
        _tableLo[8] = lo;
        for (var i = 4; i > 0; i >>= 1)
        {
            MulX(ref hi, ref lo);
            _tableHi[i] = hi;
            _tableLo[i] = lo;
        }
        for (var i = 2; i < 16; i <<= 1)
        {
            for (var j = 1; j < i; j++)
            {
                _tableHi[i + j] = _tableHi[i] ^ _tableHi[j];
                _tableLo[i + j] = _tableLo[i] ^ _tableLo[j];
            }
        }
    }

    /// <summary>Absorbs <paramref name="data"/> into the running value (Y), zero-padding a final partial block.</summary>
    public void Update(ref ulong yHi, ref ulong yLo, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 16)
        {
            yHi ^= BinaryPrimitives.ReadUInt64BigEndian(data);
            yLo ^= BinaryPrimitives.ReadUInt64BigEndian(data[8..]);
            Multiply(ref yHi, ref yLo);
            data = data[16..];
        }
        if (data.Length > 0)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            data.CopyTo(last);
            yHi ^= BinaryPrimitives.ReadUInt64BigEndian(last);
            yLo ^= BinaryPrimitives.ReadUInt64BigEndian(last[8..]);
            Multiply(ref yHi, ref yLo);
        }
    }

    /// <summary>Absorbs the final length block [len(A)·8]_64 ‖ [len(C)·8]_64.</summary>
    public void UpdateLengths(ref ulong yHi, ref ulong yLo, long aadBytes, long textBytes)
    {
        yHi ^= (ulong)aadBytes * 8;
        yLo ^= (ulong)textBytes * 8;
        Multiply(ref yHi, ref yLo);
    }

    /// <summary>Y := Y · H in GF(2^128), nibble by nibble from the highest-degree end (Horner's rule).</summary>
    private void Multiply(ref ulong xHi, ref ulong xLo)
    {
        ulong zHi = 0, zLo = 0;
        var tHi = _tableHi;
        var tLo = _tableLo;
        var rem4 = Reduce4;
        // Low half first: its last byte holds the highest-degree coefficients.
        var word = xLo;
        for (var half = 0; half < 2; half++)
        {
            for (var b = 0; b < 8; b++)
            {
                var lowNibble = (int)(word & 0xF);
                var highNibble = (int)((word >> 4) & 0xF);
                word >>= 8;

                var r = (int)(zLo & 0xF);
                zLo = (zHi << 60) | (zLo >> 4);
                zHi = (zHi >> 4) ^ rem4[r];
                zHi ^= tHi[lowNibble];
                zLo ^= tLo[lowNibble];

                r = (int)(zLo & 0xF);
                zLo = (zHi << 60) | (zLo >> 4);
                zHi = (zHi >> 4) ^ rem4[r];
                zHi ^= tHi[highNibble];
                zLo ^= tLo[highNibble];
            }
            word = xHi;
        }
        xHi = zHi;
        xLo = zLo;
    }

    /// <summary>Multiplies by x: a right shift by one bit with the x^128 = x^7+x^2+x+1 reduction (0xE1 in the top byte).</summary>
    private static void MulX(ref ulong hi, ref ulong lo)
    {
        var carry = lo & 1;
        lo = (hi << 63) | (lo >> 1);
        hi >>= 1;
        hi ^= 0xE100000000000000UL & (0UL - carry);
    }

    private static ulong[] BuildReduce4()
    {
        var table = new ulong[16];
        for (var r = 0; r < 16; r++)
        {
            ulong hi = 0, lo = (ulong)r;
            for (var i = 0; i < 4; i++) MulX(ref hi, ref lo);
            table[r] = hi;
        }
        return table;
    }
}
