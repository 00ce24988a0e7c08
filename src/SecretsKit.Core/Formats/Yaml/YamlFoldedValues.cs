using System.Buffers;
using SecretsKit.Core.Formats.Text;
using System.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// A fast path for encrypted files: each <c>ENC[AES256_GCM,…]</c> value that ends its line (after <c>": "</c> or
/// <c>"- "</c>, no blank in it, ending in <c>]</c>) is replaced by a short marker before the text goes to YamlDotNet,
/// whose plain-scalar scanner would otherwise walk its ~200 characters one by one; the reader puts the original text
/// back when it meets the marker. Line numbers and every column before the value are unchanged. A plaintext value of
/// 64 KiB or more that ends its line the same way (starting with a letter or digit, not ending in <c>:</c>) is
/// folded too: YamlDotNet's scanner would build it in a builder and copy it, twice its size more than its string;
/// the reader resolves it as the plain scalar it is.
/// <para>
/// Such a value is a plain scalar in block context equal to its text, unless the surrounding YAML says otherwise (a
/// flow collection, a quoted or block scalar, a comment or a continued plain scalar around it): the reader checks every
/// marker comes back as a whole untagged plain scalar outside flow collections and that all of them came back, and
/// otherwise reads the original text instead (<see cref="FoldedText.MismatchException"/>), so the result is always what
/// reading the original gives.
/// </para>
/// </summary>
internal static class YamlFoldedValues
{
    private const int MinimumSaving = 64;
    private const int LongPlain = 64 * 1024;

    private static ReadOnlySpan<byte> Prefix => "ENC[AES256_GCM,"u8;

    private static readonly SearchValues<byte> BlankOrBreak = SearchValues.Create(" \t\r\n"u8);

    /// <summary>
    /// The folded text, or null when nothing would be folded (or the text already holds a marker character). Files of
    /// every size are folded: on the 50-key file it took ~1 ms off a native cold decrypt (8.3 → 7.2 ms) and ~10 ms off a
    /// ReadyToRun one, with no measurable change for the IL-only build. It works on the file's UTF-8 (valid, without a
    /// byte order mark): only the text between the values is decoded (<see cref="FoldedText"/>).
    /// </summary>
    public static FoldedText? TryFold(ReadOnlyMemory<byte> utf8)
    {
        var original = utf8.Span;
        var first = original.IndexOf(Prefix);
        var longLines = original.Length >= LongPlain;
        if ((first < 0 && !longLines) || FoldedText.HasMarker(original)) return null;

        var values = new List<(int Start, int Length)>();
        for (var at = first; at >= 0; at = NextPrefix(original, at + Prefix.Length))
        {
            if (at < 2 || original[at - 1] != ' ' || original[at - 2] is not ((byte)':' or (byte)'-')) continue;
            var rest = original[at..];
            var blank = rest.IndexOfAny(BlankOrBreak);
            var length = blank < 0 ? rest.Length : blank;
            if (blank >= 0 && !IsLineEnd(rest[blank..])) continue;
            if (rest[length - 1] != ']' || length < MinimumSaving) continue;
            values.Add((at, length));
        }
        if (longLines) AddLongPlainValues(original, values);
        values.Sort();
        var folded = FoldedText.Create(utf8, values);
        // An encrypted file's values are all read now: the reader then needs only the folded text and them.
        folded?.TryReadEncryptedAhead();
        return folded;
    }

    /// <summary><see cref="TryFold(ReadOnlyMemory{byte})"/> of a text's UTF-8.</summary>
    public static FoldedText? TryFold(string original) => TryFold(Encoding.UTF8.GetBytes(original));

    private static int NextPrefix(ReadOnlySpan<byte> text, int from)
    {
        var i = text[from..].IndexOf(Prefix);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>Values of <see cref="LongPlain"/> bytes or more that end their line, after <c>": "</c> or <c>"- "</c>.</summary>
    private static void AddLongPlainValues(ReadOnlySpan<byte> original, List<(int Start, int Length)> values)
    {
        for (var start = 0; start < original.Length;)
        {
            var newline = original[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? original.Length : start + newline;
            var line = original[start..end];
            if (line.EndsWith("\r"u8)) line = line[..^1];
            if (line.Length >= LongPlain)
            {
                var blank = line.LastIndexOfAny((byte)' ', (byte)'\t');
                var value = line[(blank + 1)..];
                if (blank >= 1 && line[blank] == ' ' && line[blank - 1] is (byte)':' or (byte)'-' && value.Length >= LongPlain &&
                    char.IsAsciiLetterOrDigit((char)value[0]) && value[^1] != ':' && !value.StartsWith(Prefix))
                {
                    values.Add((start + blank + 1, value.Length));
                }
            }
            start = end + 1;
        }
    }

    /// <summary>True when <paramref name="value"/> (a value <see cref="FoldedText.TryUnfold"/> gave back) is an encrypted one, a string as it is.</summary>
    public static bool IsEncrypted(string value) => value.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal);

    // The value must end its line: a line break (LF or CRLF) right after it.
    private static bool IsLineEnd(ReadOnlySpan<byte> rest) =>
        rest[0] == '\n' || (rest[0] == '\r' && rest.Length > 1 && rest[1] == '\n');
}
