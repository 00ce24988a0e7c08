using System.Buffers;
using System.Buffers.Text;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// A stored <c>ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]</c> value packed as its binary parts: a type code, the 32-byte
/// IV, the 16-byte tag and the ciphertext, about a third of the ASCII text and a sixth of the UTF-16 string. The text is
/// made again on demand with standard padded base64 (as <see cref="EncryptedValue.Format(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, string)"/>
/// writes it); a value read from a file is packed only when that text equals the file's byte for byte.
/// </summary>
internal static class PackedEncryptedValue
{
    private const int IvSize = EncryptedValue.IvSize;
    private const int TagSize = GcmCipher.TagSize;
    private const int Header = 1 + IvSize + TagSize;

    // Type codes start below any printable character, so a packed array never starts like ASCII text ("ENC[").
    private static readonly string[] Types = ["", ValueTypes.Str, ValueTypes.Int, ValueTypes.Float, ValueTypes.Bool, ValueTypes.Time, ValueTypes.Comment];

    /// <summary>True when <paramref name="bytes"/> is a packed value rather than ASCII text.</summary>
    public static bool IsPacked(ReadOnlySpan<byte> bytes) => bytes.Length >= Header && bytes[0] > 0 && bytes[0] < Types.Length;

    /// <summary>Packs the parts; null when the type has no code or the IV or tag is not of the usual size.</summary>
    public static byte[]? Pack(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, string type)
    {
        var code = Array.IndexOf(Types, type);
        if (code <= 0 || iv.Length != IvSize || tag.Length != TagSize) return null;
        var packed = new byte[Header + data.Length];
        packed[0] = (byte)code;
        iv.CopyTo(packed.AsSpan(1));
        tag.CopyTo(packed.AsSpan(1 + IvSize));
        data.CopyTo(packed.AsSpan(Header));
        return packed;
    }

    /// <summary>Packs a stored value read as ASCII; null unless its text comes back from the packed form unchanged.</summary>
    public static byte[]? TryPack(ReadOnlySpan<byte> ascii)
    {
        var chars = ArrayPool<char>.Shared.Rent(ascii.Length);
        try
        {
            var text = chars.AsSpan(0, System.Text.Encoding.ASCII.GetChars(ascii, chars));
            if (!EncryptedValue.TryLocate(text, out var dataChars, out var ivChars, out var tagChars, out var typeChars)) return null;
            var type = EncryptedValue.InternType(typeChars);
            Span<byte> iv = stackalloc byte[IvSize + 3];
            Span<byte> tag = stackalloc byte[TagSize + 3];
            var data = new byte[dataChars.Length / 4 * 3 + 3];
            if (ivChars.Length > 4 * (IvSize + 2) / 3 || tagChars.Length > 4 * (TagSize + 2) / 3 ||
                !Convert.TryFromBase64Chars(dataChars, data, out var dataLength) ||
                !Convert.TryFromBase64Chars(ivChars, iv, out var ivLength) ||
                !Convert.TryFromBase64Chars(tagChars, tag, out var tagLength))
            {
                return null;
            }
            var packed = Pack(data.AsSpan(0, dataLength), iv[..ivLength], tag[..tagLength], type);
            if (packed is null || TextLength(packed) != ascii.Length) return null;
            var again = ArrayPool<byte>.Shared.Rent(ascii.Length);
            try
            {
                WriteAscii(packed, again);
                return again.AsSpan(0, ascii.Length).SequenceEqual(ascii) ? packed : null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(again);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The number of characters of the text.</summary>
    public static int TextLength(ReadOnlySpan<byte> packed) =>
        "ENC[AES256_GCM,data:".Length + B64(packed.Length - Header) + ",iv:".Length + B64(IvSize) + ",tag:".Length + B64(TagSize) +
        ",type:".Length + Types[packed[0]].Length + 1;

    /// <summary>The text.</summary>
    public static string ToText(byte[] packed) => EncryptedValue.Format(Data(packed), Iv(packed), Tag(packed), Types[packed[0]]);

    /// <summary>Writes the text as ASCII bytes; returns its length.</summary>
    public static int WriteAscii(ReadOnlySpan<byte> packed, Span<byte> into)
    {
        var pos = 0;
        Put(into, ref pos, "ENC[AES256_GCM,data:"u8);
        pos += ToBase64(Data(packed), into[pos..]);
        Put(into, ref pos, ",iv:"u8);
        pos += ToBase64(Iv(packed), into[pos..]);
        Put(into, ref pos, ",tag:"u8);
        pos += ToBase64(Tag(packed), into[pos..]);
        Put(into, ref pos, ",type:"u8);
        pos += System.Text.Encoding.ASCII.GetBytes(Types[packed[0]], into[pos..]);
        into[pos++] = (byte)']';
        return pos;
    }

    /// <summary>Writes the text as characters; returns its length.</summary>
    public static int WriteChars(ReadOnlySpan<byte> packed, Span<char> into)
    {
        var length = TextLength(packed);
        var ascii = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            WriteAscii(packed, ascii);
            return System.Text.Encoding.ASCII.GetChars(ascii.AsSpan(0, length), into);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ascii);
        }
    }

    private static ReadOnlySpan<byte> Iv(ReadOnlySpan<byte> packed) => packed.Slice(1, IvSize);

    private static ReadOnlySpan<byte> Tag(ReadOnlySpan<byte> packed) => packed.Slice(1 + IvSize, TagSize);

    private static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> packed) => packed[Header..];

    private static int B64(int bytes) => (bytes + 2) / 3 * 4;

    private static void Put(Span<byte> into, ref int pos, ReadOnlySpan<byte> s)
    {
        s.CopyTo(into[pos..]);
        pos += s.Length;
    }

    private static int ToBase64(ReadOnlySpan<byte> bytes, Span<byte> into)
    {
        if (Base64.EncodeToUtf8(bytes, into, out _, out var written) != OperationStatus.Done)
        {
            throw new InvalidOperationException("base64 buffer too small");
        }
        return written;
    }
}
