namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>
/// ByteEncode/ByteDecode (FIPS 203 Algorithms 5 and 6) and Compress/Decompress (§4.2.1). Bits are packed least
/// significant first. The loops run the same way whatever the values are; compression divides with
/// <see cref="MlKemField.Divide"/>.
/// </summary>
internal static class MlKemCodec
{
    /// <summary>Packs 256 <paramref name="d"/>-bit values into 32·d bytes.</summary>
    public static void Encode(ReadOnlySpan<int> f, int d, Span<byte> output)
    {
        ulong acc = 0;
        var bits = 0;
        var o = 0;
        for (var i = 0; i < MlKemField.N; i++)
        {
            acc |= (ulong)(uint)f[i] << bits;
            bits += d;
            while (bits >= 8)
            {
                output[o++] = (byte)acc;
                acc >>= 8;
                bits -= 8;
            }
        }
    }

    /// <summary>Unpacks 32·d bytes into 256 values; for d = 12 the values are reduced mod q, as FIPS 203 says.</summary>
    public static void Decode(ReadOnlySpan<byte> input, int d, Span<int> f)
    {
        ulong acc = 0;
        var bits = 0;
        var p = 0;
        var mask = (1UL << d) - 1;
        for (var i = 0; i < MlKemField.N; i++)
        {
            while (bits < d)
            {
                acc |= (ulong)input[p++] << bits;
                bits += 8;
            }
            var value = (int)(acc & mask);
            acc >>= d;
            bits -= d;
            f[i] = d == 12 ? MlKemField.Reduce((uint)value) : value;
        }
    }

    /// <summary>Compress_d: ⌈(2^d / q) · x⌋ mod 2^d, in place.</summary>
    public static void Compress(Span<int> f, int d)
    {
        var mask = (1u << d) - 1;
        for (var i = 0; i < MlKemField.N; i++)
        {
            var scaled = ((uint)f[i] << d) + MlKemField.Q / 2;
            f[i] = (int)(MlKemField.Divide(scaled) & mask);
        }
    }

    /// <summary>Decompress_d: ⌈(q / 2^d) · y⌋, in place.</summary>
    public static void Decompress(Span<int> f, int d)
    {
        for (var i = 0; i < MlKemField.N; i++) f[i] = (int)(((uint)f[i] * MlKemField.Q + (1u << (d - 1))) >> d);
    }

    /// <summary>True when the 384·k-byte prefix of an encapsulation key re-encodes to itself (the modulus check, §7.2).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> encoded12)
    {
        Span<int> f = stackalloc int[MlKemField.N];
        Span<byte> again = stackalloc byte[384];
        for (var offset = 0; offset < encoded12.Length; offset += 384)
        {
            Decode(encoded12.Slice(offset, 384), 12, f);
            Encode(f, 12, again);
            if (!again.SequenceEqual(encoded12.Slice(offset, 384))) return false;
        }
        return true;
    }
}
