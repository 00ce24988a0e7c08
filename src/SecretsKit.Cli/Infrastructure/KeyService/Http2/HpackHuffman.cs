namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>
/// Decodes HPACK's Huffman-coded string literals (RFC 7541 section 5.2 and appendix B). The code is canonical, so the
/// table is kept as each symbol's code length only; the codes follow from the lengths (shorter codes first, equal
/// lengths in symbol order). Padding must be at most 7 bits of the EOS prefix (all ones) and EOS itself is refused.
/// </summary>
internal static class HpackHuffman
{
    private const int Eos = 256;

    /// <summary>Code length in bits of symbols 0…255 and EOS (256), from RFC 7541 appendix B.</summary>
    private static ReadOnlySpan<byte> Lengths =>
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6,
        12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    private const int MaxLength = 30;

    // Canonical decoding tables: for each length, the first code of that length, how many codes have it, and where its
    // symbols start in Symbols (symbols sorted by length, then value).
    private static readonly int[] FirstCode = new int[MaxLength + 2];
    private static readonly int[] Count = new int[MaxLength + 2];
    private static readonly int[] Offset = new int[MaxLength + 2];
    private static readonly short[] Symbols = BuildTables();

    private static short[] BuildTables()
    {
        var lengths = Lengths;
        for (var s = 0; s < lengths.Length; s++) Count[lengths[s]]++;
        var code = 0;
        var offset = 0;
        for (var len = 1; len <= MaxLength; len++)
        {
            FirstCode[len] = code;
            Offset[len] = offset;
            code = (code + Count[len]) << 1;
            offset += Count[len];
        }
        var symbols = new short[lengths.Length];
        var next = (int[])Offset.Clone();
        for (var len = 1; len <= MaxLength; len++)
        {
            for (var s = 0; s < lengths.Length; s++)
            {
                if (lengths[s] == len) symbols[next[len]++] = (short)s;
            }
        }
        return symbols;
    }

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/>; false when it is not a valid Huffman string.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, List<byte> output)
    {
        int code = 0, length = 0;
        foreach (var b in input)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                code = (code << 1) | ((b >> bit) & 1);
                length++;
                if ((uint)(code - FirstCode[length]) < (uint)Count[length])
                {
                    var symbol = Symbols[Offset[length] + code - FirstCode[length]];
                    if (symbol == Eos) return false;
                    output.Add((byte)symbol);
                    code = 0;
                    length = 0;
                }
                else if (length >= MaxLength)
                {
                    return false;
                }
            }
        }
        // what is left must be padding: fewer than 8 bits, all ones (the most significant bits of EOS)
        return length < 8 && code == (1 << length) - 1;
    }
}
