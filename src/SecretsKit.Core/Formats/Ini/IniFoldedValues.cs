using System.Buffers;
using SecretsKit.Core.Formats.Text;

namespace SecretsKit.Core.Formats.Ini;

/// <summary>
/// A memory fast path for INI files with very long values: a value of 64 KiB or more that is the plain rest of its
/// <c>key = value</c> line (no blank, quote, comment character or backslash in it) is replaced by a short marker before
/// the text is decoded and parsed, and decoded from the file's bytes on its own when the parser meets the marker. So the
/// file never exists as one UTF-16 string beside the value. The parser checks every marker comes back as a whole value
/// and all of them came back, and otherwise parses the original text (<see cref="IniParser"/>, <see cref="FoldedText"/>).
/// </summary>
internal static class IniFoldedValues
{
    private const int LongValue = 64 * 1024;

    private static readonly SearchValues<byte> NotInValue = SearchValues.Create(" \t\r#;\"'`\\"u8);

    /// <summary>The folded text of <paramref name="utf8"/>, or null when no value is long enough (or a marker is already there).</summary>
    public static FoldedText? TryFold(ReadOnlyMemory<byte> utf8)
    {
        var original = utf8.Span;
        if (original.Length < LongValue || FoldedText.HasMarker(original)) return null;
        var values = new List<(int Start, int Length)>();
        for (var start = 0; start < original.Length;)
        {
            var newline = original[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? original.Length : start + newline;
            var line = original[start..end];
            if (line.EndsWith("\r"u8)) line = line[..^1];
            if (line.Length >= LongValue && ValueStart(line) is var at and >= 0 && line.Length - at >= LongValue)
            {
                values.Add((start + at, line.Length - at));
            }
            start = end + 1;
        }
        return FoldedText.Create(utf8, values);
    }

    /// <summary>Where the value of an unquoted <c>key = value</c> line starts, when all the rest is a plain value; else -1.</summary>
    private static int ValueStart(ReadOnlySpan<byte> line)
    {
        var first = line.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (first < 0 || line[first] is (byte)'[' or (byte)'#' or (byte)';' or (byte)'"' or (byte)'`') return -1;
        var delimiter = line.IndexOfAny((byte)'=', (byte)':');
        if (delimiter < 0) return -1;
        var at = delimiter + 1;
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t') at++;
        return at < line.Length && line[at..].IndexOfAny(NotInValue) < 0 ? at : -1;
    }
}
