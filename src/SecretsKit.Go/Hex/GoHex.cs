using System.Globalization;
using System.Text;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Go.Hex;

/// <summary>
/// Go's <c>encoding/hex</c> <c>DecodeString</c>: pairs of hex digits of either case, Go's <c>invalid byte: U+007A 'z'</c>
/// at the first byte that is not one (checked before an odd length is reported), and <c>odd length hex string</c>.
/// </summary>
public static class GoHex
{
    /// <summary>The decoded bytes, or Go's error text.</summary>
    public static (byte[] Bytes, string? Error) Decode(ReadOnlySpan<byte> src)
    {
        var dst = new byte[src.Length / 2];
        int j;
        for (j = 1; j < src.Length; j += 2)
        {
            var (a, b) = (Digit(src[j - 1]), Digit(src[j]));
            if (a < 0) return (dst[..(j / 2)], Invalid(src[j - 1]));
            if (b < 0) return (dst[..(j / 2)], Invalid(src[j]));
            dst[j / 2] = (byte)((a << 4) | b);
        }
        if (src.Length % 2 == 0) return (dst, null);
        return (dst, Digit(src[j - 1]) < 0 ? Invalid(src[j - 1]) : "encoding/hex: odd length hex string");
    }

    private static int Digit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary><c>InvalidByteError</c>'s text: the byte as a rune in <c>%#U</c> form.</summary>
    private static string Invalid(byte b)
    {
        var rune = new Rune(b);
        var code = "U+" + b.ToString("X4", CultureInfo.InvariantCulture);
        return "encoding/hex: invalid byte: " + (GoQuote.IsPrint(rune) ? $"{code} '{rune}'" : code);
    }
}
