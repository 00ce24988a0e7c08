using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// Encryption of a large value a piece at a time: each piece of its plaintext is encoded to UTF-8 (or copied, for
/// bytes) into a fixed buffer, encrypted there and written as base64 straight into the stored string. The result equals
/// encrypting the whole plaintext at once, with no buffer of the value's size besides the stored string itself.
/// </summary>
internal sealed partial class ValueCipher
{
    // A multiple of 48: a full piece is whole GCM blocks (16) and whole base64 quanta (3), so the pieces' base64 joins up.
    private const int PieceBytes = 48 * 1024;

    private static bool IsLarge(TreeNode value) => value switch
    {
        StringValue s => s.Length > LargeValue,
        BytesValue b => b.Value.Length > LargeValue,
        _ => false,
    };

    private string EncryptLarge(TreeNode value, string aad)
    {
        var iv = NextRandomIv().ToArray();
        var aadBytes = AadBytes(aad).ToArray();
        var length = value is StringValue s ? Encoding.UTF8.GetByteCount(s.Value) : ((BytesValue)value).Value.Length;
        return EncryptedValue.Format(length, iv, ValueTypes.Str, (data, tag) =>
        {
            var state = _gcm.BeginEncryption(iv, aadBytes);
            var piece = new byte[PieceBytes + 8];
            var pos = 0;
            try
            {
                if (value is StringValue text) EncryptText(state, text.Value, piece, data, ref pos);
                else EncryptBytes(state, ((BytesValue)value).Value, piece, data, ref pos);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(piece);
            }
            if (pos != data.Length) throw new InvalidOperationException("encrypted data length mismatch");
            _gcm.FinishEncryption(state, tag);
        });
    }

    private void EncryptText(GcmCipher.PieceState state, string text, byte[] piece, Span<char> data, ref int pos)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var filled = 0;
        var rest = text.AsSpan();
        while (true)
        {
            // The space left is always at least 8 bytes (filled < PieceBytes here), enough for any one character.
            encoder.Convert(rest, piece.AsSpan(filled, PieceBytes + 8 - filled), flush: rest.IsEmpty, out var used, out var produced, out _);
            rest = rest[used..];
            filled += produced;
            while (filled >= PieceBytes)
            {
                WritePiece(state, piece.AsSpan(0, PieceBytes), data, ref pos);
                piece.AsSpan(PieceBytes, filled - PieceBytes).CopyTo(piece);
                filled -= PieceBytes;
            }
            if (rest.IsEmpty && produced == 0) break;
        }
        WritePiece(state, piece.AsSpan(0, filled), data, ref pos);
    }

    private void EncryptBytes(GcmCipher.PieceState state, byte[] bytes, byte[] piece, Span<char> data, ref int pos)
    {
        for (var done = 0; done < bytes.Length; done += PieceBytes)
        {
            var n = Math.Min(PieceBytes, bytes.Length - done);
            bytes.AsSpan(done, n).CopyTo(piece);
            WritePiece(state, piece.AsSpan(0, n), data, ref pos);
        }
    }

    private void WritePiece(GcmCipher.PieceState state, Span<byte> plaintext, Span<char> data, ref int pos)
    {
        if (plaintext.IsEmpty) return;
        _gcm.EncryptPiece(state, plaintext);
        if (!Convert.TryToBase64Chars(plaintext, data[pos..], out var written)) throw new InvalidOperationException("base64 buffer too small");
        pos += written;
    }
}
