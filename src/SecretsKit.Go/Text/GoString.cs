using System.Text;

namespace SecretsKit.Go.Text;

/// <summary>
/// Go strings hold bytes, not characters. A template value of Go type <c>string</c> is a C# <see cref="string"/> in which
/// valid UTF-8 is held as its characters and every byte that is not part of valid UTF-8 is held as one lone low
/// surrogate U+DC00+byte, U+DC80 to U+DCFF (the "surrogateescape" of PEP 383; only bytes 0x80-0xFF can be invalid). <see cref="FromBytes"/> and <see cref="ToBytes"/> round-trip any byte
/// sequence exactly (a keystore's <c>FE ED FE ED</c> stays four bytes); lengths, indexes and slices count bytes.
/// </summary>
public static class GoString
{
    private const char EscapeBase = '\uDC00';

    private const char FirstEscape = '\uDC80';

    /// <summary>The string holding exactly <paramref name="bytes"/>.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!HasInvalid(bytes)) return Encoding.UTF8.GetString(bytes);
        var sb = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                sb.Append((char)(EscapeBase + bytes[i]));
                i++;
            }
        }
        return sb.ToString();
    }

    private static bool HasInvalid(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes) is false;

    /// <summary>The bytes a Go string holds (escaped bytes back as themselves, everything else as UTF-8).</summary>
    public static byte[] ToBytes(string s)
    {
        if (!HasEscapes(s)) return Encoding.UTF8.GetBytes(s);
        var bytes = new List<byte>(s.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (IsEscape(s, i))
            {
                bytes.Add((byte)(c - EscapeBase));
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var n = new Rune(c, s[++i]).EncodeToUtf8(buffer);
                bytes.AddRange(buffer[..n].ToArray());
                continue;
            }
            var rune = char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c);
            var written = rune.EncodeToUtf8(buffer);
            bytes.AddRange(buffer[..written].ToArray());
        }
        return [.. bytes];
    }

    /// <summary>Go's <c>len(s)</c>: the number of bytes.</summary>
    public static int ByteLength(string s)
    {
        if (!HasEscapes(s)) return Encoding.UTF8.GetByteCount(s);
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (IsEscape(s, i)) n += 1;
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                n += 4;
                i++;
            }
            else n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    /// <summary>Go's <c>s[i]</c>: the byte at byte offset <paramref name="index"/>.</summary>
    public static byte ByteAt(string s, int index) => IsAscii(s) ? (byte)s[index] : ToBytes(s)[index];

    /// <summary>Go's <c>s[from:to]</c> in bytes (a cut through a character leaves its bytes escaped).</summary>
    public static string Slice(string s, int from, int to) =>
        IsAscii(s) ? s[from..to] : FromBytes(ToBytes(s).AsSpan(from, to - from));

    /// <summary>Whether every character is ASCII (then characters are bytes).</summary>
    public static bool IsAscii(string s) => Ascii.IsValid(s);

    /// <summary>Whether the string holds bytes that are not valid UTF-8.</summary>
    public static bool HasEscapes(string s)
    {
        foreach (var c in s)
        {
            if (c >= FirstEscape && c <= '\uDCFF') return true;
        }
        return false;
    }

    /// <summary>The string as valid UTF-8 text (escaped bytes become U+FFFD), for writing where Go would write the bytes.</summary>
    public static string ToText(string s) => HasEscapes(s) ? Encoding.UTF8.GetString(ToBytes(s)) : s;

    /// <summary>Go's <c>[]rune(s)</c>/<c>range</c> over a string: invalid bytes each decode to U+FFFD.</summary>
    public static IEnumerable<Rune> Runes(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (IsEscape(s, i)) yield return Rune.ReplacementChar;
            else if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) yield return new Rune(s[i], s[++i]);
            else yield return char.IsSurrogate(s[i]) ? Rune.ReplacementChar : new Rune(s[i]);
        }
    }

    private static bool IsEscape(string s, int i) =>
        s[i] >= FirstEscape && s[i] <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
}
