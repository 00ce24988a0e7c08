using System.Text;
using SecretsKit.Go.Text;

namespace SecretsKit.Go.Json;

/// <summary>
/// Go <c>encodeState.string</c> over UTF-8 bytes: <c>"</c> and <c>\</c> escaped, <c>\n \r \t</c> (and <c>\b \f</c>
/// since Go 1.22) short, other controls as <c>\u00XX</c>, <c>&lt; &gt; &amp;</c> as <c>\u003c</c>… when HTML escaping is
/// on, U+2028/U+2029 always as <c>\u2028</c>/<c>\u2029</c>, each invalid UTF-8 byte as <c>\ufffd</c>. A .NET string is
/// encoded a slice at a time into a fixed buffer (a lone surrogate as U+FFFD, as <see cref="Encoding.UTF8"/> encodes
/// it), so a large value is never copied whole.
/// </summary>
internal sealed class GoJsonStrings(GoJsonWriter writer, GoJsonOptions options)
{
    private const string Hex = "0123456789abcdef";
    private const int SliceBytes = 16 * 1024;
    private const int SliceChars = SliceBytes / 3;

    private byte[]? _slice;

    public void Clear()
    {
        if (_slice is not null) Array.Clear(_slice);
    }

    public void Write(string s)
    {
        writer.Put((byte)'"');
        _slice ??= new byte[SliceBytes];
        var rest = s.AsSpan();
        while (!rest.IsEmpty)
        {
            var n = Utf8Slices.Next(rest, SliceChars);
            var length = Encoding.UTF8.GetBytes(rest[..n], _slice);
            Body(_slice.AsSpan(0, length));
            rest = rest[n..];
        }
        writer.Put((byte)'"');
    }

    public void Write(ReadOnlySpan<byte> s)
    {
        writer.Put((byte)'"');
        Body(s);
        writer.Put((byte)'"');
    }

    private void Body(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] < 0x80)
            {
                Ascii(s[i]);
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf8(s[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                writer.WriteRaw("\\ufffd");
                i++;
                continue;
            }
            if (rune.Value is 0x2028 or 0x2029) writer.WriteRaw(rune.Value == 0x2028 ? "\\u2028" : "\\u2029");
            else writer.PutBytes(s.Slice(i, consumed));
            i += consumed;
        }
    }

    private void Ascii(byte b)
    {
        switch (b)
        {
            case (byte)'"' or (byte)'\\':
                writer.Put((byte)'\\');
                writer.Put(b);
                break;
            case (byte)'\n': writer.WriteRaw("\\n"); break;
            case (byte)'\r': writer.WriteRaw("\\r"); break;
            case (byte)'\t': writer.WriteRaw("\\t"); break;
            case (byte)'\b': writer.WriteRaw("\\b"); break;
            case (byte)'\f': writer.WriteRaw("\\f"); break;
            case < 0x20:
            case (byte)'<' or (byte)'>' or (byte)'&' when options.EscapeHtml:
                writer.WriteRaw("\\u00");
                writer.Put((byte)Hex[b >> 4]);
                writer.Put((byte)Hex[b & 0xF]);
                break;
            default:
                writer.Put(b);
                break;
        }
    }
}
