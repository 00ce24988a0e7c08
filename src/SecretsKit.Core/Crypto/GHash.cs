using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// GHASH of NIST SP 800-38D: carry-less multiplication (PCLMULQDQ) when the CPU has it, otherwise a per-key 4-bit
/// multiplication table (16 multiples of H, Shoup's method).
/// The 128-bit values are held as two big-endian halves: bit 0 of the spec (coefficient of x^0) is the top bit of <c>hi</c>.
/// </summary>
internal sealed class GHash
{
    // Reduction constants for shifting four bits out of the low end: Reduce4[r] is what those bits fold back to.
    private static readonly ulong[] Reduce4 = BuildReduce4();

    private readonly ulong[] _tableHi = new ulong[16];
    private readonly ulong[] _tableLo = new ulong[16];
    private readonly Vector128<ulong> _hVector;
    private readonly bool _clmul;

    /// <summary>Builds the table for the hash subkey <paramref name="h"/> (16 bytes, E_K(0^128)).</summary>
    public GHash(ReadOnlySpan<byte> h, bool allowClmul = true)
    {
        ulong hi = BinaryPrimitives.ReadUInt64BigEndian(h);
        ulong lo = BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
        // (lo, hi) as a 128-bit little-endian integer is the byte-reversed block, the form the CLMUL algorithm wants.
        _hVector = Vector128.Create(lo, hi);
        _clmul = allowClmul && Pclmulqdq.IsSupported && Sse2.IsSupported;
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
        if (_clmul)
        {
            MultiplyClmul(ref xHi, ref xLo);
            return;
        }
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

    /// <summary>
    /// Y · H with PCLMULQDQ on the byte-reversed operands: a 256-bit carry-less product by schoolbook halves, a one-bit
    /// left shift (the operands are bit-reflected), then reduction modulo x^128 + x^7 + x^2 + x + 1 (Intel's GCM white
    /// paper, "shift-XOR" reduction).
    /// </summary>
    private void MultiplyClmul(ref ulong xHi, ref ulong xLo)
    {
        var a = Vector128.Create(xLo, xHi);
        var b = _hVector;
        var low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        var mid = Sse2.Xor(Pclmulqdq.CarrylessMultiply(a, b, 0x10), Pclmulqdq.CarrylessMultiply(a, b, 0x01));
        var high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        low = Sse2.Xor(low, Sse2.ShiftLeftLogical128BitLane(mid.AsByte(), 8).AsUInt64());
        high = Sse2.Xor(high, Sse2.ShiftRightLogical128BitLane(mid.AsByte(), 8).AsUInt64());

        // <high:low> <<= 1
        var lo32 = low.AsUInt32();
        var hi32 = high.AsUInt32();
        var carryLo = Sse2.ShiftRightLogical(lo32, 31);
        var carryHi = Sse2.ShiftRightLogical(hi32, 31);
        lo32 = Sse2.ShiftLeftLogical(lo32, 1);
        hi32 = Sse2.ShiftLeftLogical(hi32, 1);
        var crossing = Sse2.ShiftRightLogical128BitLane(carryLo.AsByte(), 12).AsUInt32();
        carryHi = Sse2.ShiftLeftLogical128BitLane(carryHi.AsByte(), 4).AsUInt32();
        carryLo = Sse2.ShiftLeftLogical128BitLane(carryLo.AsByte(), 4).AsUInt32();
        lo32 = Sse2.Or(lo32, carryLo);
        hi32 = Sse2.Or(Sse2.Or(hi32, carryHi), crossing);

        // Reduction, first phase.
        var s1 = Sse2.Xor(Sse2.Xor(Sse2.ShiftLeftLogical(lo32, 31), Sse2.ShiftLeftLogical(lo32, 30)), Sse2.ShiftLeftLogical(lo32, 25));
        var spill = Sse2.ShiftRightLogical128BitLane(s1.AsByte(), 4).AsUInt32();
        s1 = Sse2.ShiftLeftLogical128BitLane(s1.AsByte(), 12).AsUInt32();
        lo32 = Sse2.Xor(lo32, s1);
        // Second phase.
        var s2 = Sse2.Xor(Sse2.Xor(Sse2.ShiftRightLogical(lo32, 1), Sse2.ShiftRightLogical(lo32, 2)), Sse2.ShiftRightLogical(lo32, 7));
        s2 = Sse2.Xor(s2, spill);
        lo32 = Sse2.Xor(lo32, s2);
        var result = Sse2.Xor(hi32, lo32).AsUInt64();
        xLo = result.GetElement(0);
        xHi = result.GetElement(1);
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
