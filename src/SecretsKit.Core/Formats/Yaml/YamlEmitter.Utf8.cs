using System.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>The emitter's output encoding: the written text to UTF-8 without an intermediate string.</summary>
internal sealed partial class YamlEmitter
{
    /// <summary>
    /// Encodes the builder chunk by chunk, straight into an array of the exact size (no intermediate string of the whole
    /// document). A chunk may end inside a surrogate pair: its high surrogate is carried over and encoded with the first
    /// character of the next chunk, so the result equals encoding the whole text at once.
    /// </summary>
    internal static byte[] Utf8(StringBuilder text)
    {
        var length = EncodeChunks(text, null);
        var bytes = new byte[length];
        var written = EncodeChunks(text, bytes);
        return written == length ? bytes : throw new InvalidOperationException("UTF-8 length changed between passes");
    }

    /// <summary>Counts (<paramref name="output"/> null) or writes the UTF-8 bytes of the builder; returns the byte count.</summary>
    private static int EncodeChunks(StringBuilder text, byte[]? output)
    {
        var utf8 = Encoding.UTF8;
        var total = 0;
        Span<char> pair = stackalloc char[2];
        var carried = false;
        foreach (var chunk in text.GetChunks())
        {
            var span = chunk.Span;
            if (span.Length == 0) continue;
            if (carried)
            {
                if (char.IsLowSurrogate(span[0]))
                {
                    pair[1] = span[0];
                    total += Encode(utf8, pair, output, total);
                    span = span[1..];
                }
                else
                {
                    total += Encode(utf8, pair[..1], output, total);
                }
                carried = false;
            }
            if (span.Length > 0 && char.IsHighSurrogate(span[^1]))
            {
                pair[0] = span[^1];
                span = span[..^1];
                carried = true;
            }
            total += Encode(utf8, span, output, total);
        }
        if (carried) total += Encode(utf8, pair[..1], output, total);
        return total;
    }

    private static int Encode(Encoding utf8, ReadOnlySpan<char> chars, byte[]? output, int at) =>
        output is null ? utf8.GetByteCount(chars) : utf8.GetBytes(chars, output.AsSpan(at));
}
