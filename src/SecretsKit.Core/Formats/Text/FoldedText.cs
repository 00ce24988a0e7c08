using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace SecretsKit.Core.Formats.Text;

/// <summary>
/// A UTF-8 document with some of its values replaced by short markers (U+E000 and the value's number) before it is
/// decoded and parsed: the readers' fast paths for encrypted and very long values (<c>YamlFoldedValues</c>,
/// <c>IniFoldedValues</c> choose which). Only the text between the values is decoded, so a large file never exists as
/// one UTF-16 string; a value is decoded on its own when the reader meets its marker. Values must start and end next to
/// ASCII bytes, so each piece decodes as it would within the whole (invalid UTF-8 as Go reads it, <see cref="GoUtf8"/>).
/// </summary>
internal sealed class FoldedText
{
    /// <summary>A private-use character that starts every marker; a document that already has one is not folded.</summary>
    public const char Marker = '\uE000';

    private readonly ReadOnlyMemory<byte> _original;
    private readonly List<(int Start, int Length)> _values;

    private FoldedText(ReadOnlyMemory<byte> original, string text, List<(int Start, int Length)> values)
    {
        _original = original;
        Text = text;
        _values = values;
    }

    /// <summary>The text with the values replaced by markers.</summary>
    public string Text { get; }

    /// <summary>How many values were replaced.</summary>
    public int Count => _values.Count;

    /// <summary>True when the document holds the marker character (U+E000), and so cannot be folded.</summary>
    public static bool HasMarker(ReadOnlySpan<byte> utf8) => utf8.IndexOf(MarkerUtf8) >= 0;

    private static ReadOnlySpan<byte> MarkerUtf8 => [0xEE, 0x80, 0x80];

    /// <summary>The document with <paramref name="values"/> (in order, not overlapping) folded; null when there are none.</summary>
    public static FoldedText? Create(ReadOnlyMemory<byte> utf8, List<(int Start, int Length)> values)
    {
        if (values.Count == 0) return null;
        return new FoldedText(utf8, Utf8.IsValid(utf8.Span) ? FoldValid(utf8, values) : FoldAny(utf8.Span, values), values);
    }

    // Valid UTF-8: counted, then decoded straight into the string.
    private static string FoldValid(ReadOnlyMemory<byte> utf8, List<(int Start, int Length)> values)
    {
        var bytes = utf8.Span;
        var length = 0L;
        var copied = 0;
        for (var i = 0; i < values.Count; i++)
        {
            length += Encoding.UTF8.GetCharCount(bytes[copied..values[i].Start]) + 1 + Digits(i);
            copied = values[i].Start + values[i].Length;
        }
        length += Encoding.UTF8.GetCharCount(bytes[copied..]);
        return string.Create(checked((int)length), (utf8, values), static (chars, state) =>
        {
            var (source, folded) = state;
            var bytes = source.Span;
            var copied = 0;
            var pos = 0;
            for (var i = 0; i < folded.Count; i++)
            {
                var (start, length) = folded[i];
                pos += Encoding.UTF8.GetChars(bytes[copied..start], chars[pos..]);
                chars[pos++] = Marker;
                i.TryFormat(chars[pos..], out var written, default, CultureInfo.InvariantCulture);
                pos += written;
                copied = start + length;
            }
            Encoding.UTF8.GetChars(bytes[copied..], chars[pos..]);
        });
    }

    // Anything else: each piece as Go reads it.
    private static string FoldAny(ReadOnlySpan<byte> bytes, List<(int Start, int Length)> values)
    {
        var text = new StringBuilder();
        var copied = 0;
        for (var i = 0; i < values.Count; i++)
        {
            text.Append(GoUtf8.Decode(bytes[copied..values[i].Start])).Append(Marker).Append(i.ToString(CultureInfo.InvariantCulture));
            copied = values[i].Start + values[i].Length;
        }
        return text.Append(GoUtf8.Decode(bytes[copied..])).ToString();
    }

    /// <summary>The original value a marker stands for; false when <paramref name="text"/> is not exactly one marker.</summary>
    public bool TryUnfold(string text, out string value)
    {
        value = string.Empty;
        if (!TryUnfoldBytes(text, out var bytes)) return false;
        value = GoUtf8.Decode(bytes);
        return true;
    }

    /// <summary>The original UTF-8 bytes of the value a marker stands for, as <see cref="TryUnfold"/> finds it.</summary>
    public bool TryUnfoldBytes(string text, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (text.Length < 2 || text[0] != Marker) return false;
        if (!int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return false;
        if (index >= _values.Count || text.Length - 1 != Digits(index)) return false;
        var (start, length) = _values[index];
        value = _original.Span.Slice(start, length);
        return true;
    }

    private static int Digits(int n)
    {
        var digits = 1;
        for (; n >= 10; n /= 10) digits++;
        return digits;
    }

    /// <summary>Thrown by a reader when a marker does not come back as a whole value: the original text is read instead.</summary>
    internal sealed class MismatchException() : Exception("a folded value did not read back as a whole value");
}
