using System.Globalization;
using System.Text;
using System.Text.Unicode;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Text;

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

    // The original and where each value is in it, until every value is read ahead (TryReadEncryptedAhead).
    private ReadOnlyMemory<byte> _original;
    private List<(int Start, int Length)>? _values;
    private readonly bool _valid;
    private StringValue[]? _stored;

    private FoldedText(ReadOnlyMemory<byte> original, string text, List<(int Start, int Length)> values, bool valid)
    {
        _original = original;
        Text = text;
        _values = values;
        _valid = valid;
        Count = values.Count;
    }

    /// <summary>The text with the values replaced by markers.</summary>
    public string Text { get; }

    /// <summary>How many values were replaced.</summary>
    public int Count { get; }

    /// <summary>True when every value was read ahead and the original is no longer referenced.</summary>
    public bool IsSelfContained => _stored is not null;

    /// <summary>True when the document holds the marker character (U+E000), and so cannot be folded.</summary>
    public static bool HasMarker(ReadOnlySpan<byte> utf8) => utf8.IndexOf(MarkerUtf8) >= 0;

    private static ReadOnlySpan<byte> MarkerUtf8 => [0xEE, 0x80, 0x80];

    /// <summary>The document with <paramref name="values"/> (in order, not overlapping) folded; null when there are none.</summary>
    public static FoldedText? Create(ReadOnlyMemory<byte> utf8, List<(int Start, int Length)> values)
    {
        if (values.Count == 0) return null;
        var valid = Utf8.IsValid(utf8.Span);
        return new FoldedText(utf8, valid ? FoldValid(utf8, values) : FoldAny(utf8.Span, values), values, valid);
    }

    /// <summary>
    /// When every value is a stored <c>ENC[AES256_GCM,…]</c> string and the document is valid UTF-8: reads them all now
    /// (compactly, <see cref="StringValue.TryReadEncrypted"/>, or decoded as they are) and lets go of the original, so a
    /// caller that drops the input keeps only the folded text and the values while the text is parsed (a 1M-key file's
    /// 128 MB input is then not alive during its parse). The original text stays available (<see cref="OriginalText"/>),
    /// made again from the folded text and the values. Returns <see cref="IsSelfContained"/>.
    /// </summary>
    public bool TryReadEncryptedAhead()
    {
        if (_stored is not null) return true;
        if (!_valid || _values is null) return false;
        var bytes = _original.Span;
        foreach (var (start, length) in _values)
        {
            if (!bytes.Slice(start, length).StartsWith(EncryptedPrefix)) return false;
        }
        var stored = new StringValue[_values.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var value = bytes.Slice(_values[i].Start, _values[i].Length);
            stored[i] = StringValue.TryReadEncrypted(value) ?? new StringValue(GoUtf8.Decode(value));
        }
        _stored = stored;
        _values = null;
        _original = default;
        return true;
    }

    private static ReadOnlySpan<byte> EncryptedPrefix => "ENC[AES256_GCM,"u8;

    /// <summary>The value a marker stands for as read ahead (<see cref="TryReadEncryptedAhead"/>); false when <paramref name="text"/> is not exactly one marker or the values were not read ahead.</summary>
    public bool TryUnfoldStored(string text, out StringValue value)
    {
        value = null!;
        if (_stored is null || !TryIndex(text, out var index)) return false;
        value = _stored[index];
        return true;
    }

    /// <summary>The original document's text (its UTF-8 decoded; with invalid UTF-8 as <see cref="Encoding.UTF8"/> reads it).</summary>
    public string OriginalText()
    {
        if (_stored is null) return Encoding.UTF8.GetString(_original.Span);
        var length = (long)Text.Length;
        for (var i = 0; i < _stored.Length; i++) length += _stored[i].Length - 1 - Digits(i);
        var text = new StringBuilder(checked((int)length));
        var copied = 0;
        for (var i = 0; i < _stored.Length; i++)
        {
            // The original holds no marker character, so each one in the text is the next value's.
            var marker = Text.IndexOf(Marker, copied);
            text.Append(Text, copied, marker - copied).Append(_stored[i].Value);
            copied = marker + 1 + Digits(i);
        }
        return text.Append(Text, copied, Text.Length - copied).ToString();
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
        if (TryUnfoldStored(text, out var stored))
        {
            value = stored.Value;
            return true;
        }
        if (!TryUnfoldBytes(text, out var bytes)) return false;
        value = GoUtf8.Decode(bytes);
        return true;
    }

    /// <summary>The original UTF-8 bytes of the value a marker stands for, as <see cref="TryUnfold"/> finds it (false once the values were read ahead).</summary>
    public bool TryUnfoldBytes(string text, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (_values is null || !TryIndex(text, out var index)) return false;
        var (start, length) = _values[index];
        value = _original.Span.Slice(start, length);
        return true;
    }

    private bool TryIndex(string text, out int index)
    {
        index = -1;
        if (text.Length < 2 || text[0] != Marker) return false;
        if (!int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out index)) return false;
        return index < Count && text.Length - 1 == Digits(index);
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
