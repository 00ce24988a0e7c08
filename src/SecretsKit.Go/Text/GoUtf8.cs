using System.Text;

namespace SecretsKit.Go.Text;

/// <summary>Go's view of bytes as a string: invalid UTF-8 becomes U+FFFD one byte at a time (like <c>utf8.DecodeRune</c>).</summary>
public static class GoUtf8
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var sb = new StringBuilder(bytes.Length);
            var i = 0;
            while (i < bytes.Length)
            {
                if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
                {
                    sb.Append(rune.ToString());
                    i += consumed;
                }
                else
                {
                    sb.Append('\uFFFD');
                    i++;
                }
            }
            return sb.ToString();
        }
    }
}
