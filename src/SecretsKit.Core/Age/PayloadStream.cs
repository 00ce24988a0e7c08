using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// The age payload: a 16-byte nonce, then STREAM over ChaCha20-Poly1305 (managed, see ChaCha20Poly1305Aead) with key HKDF(file key, nonce, "payload"),
/// 64 KiB plaintext chunks and a 12-byte chunk nonce of an 11-byte big-endian counter and a last-chunk flag.
/// </summary>
internal static class PayloadStream
{
    public const int NonceSize = 16;
    public const int ChunkSize = 64 * 1024;
    private const int TagSize = 16;
    private const int EncryptedChunkSize = ChunkSize + TagSize;

    public static byte[] Encrypt(byte[] fileKey, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var key = AgePrimitives.Hkdf(fileKey, nonce, "payload");
        var chunks = Math.Max(1, (plaintext.Length + ChunkSize - 1) / ChunkSize);
        var output = new byte[NonceSize + plaintext.Length + chunks * TagSize];
        nonce.CopyTo(output, 0);
        var outPos = NonceSize;
        for (var i = 0; i < chunks; i++)
        {
            var chunk = plaintext.Slice(i * ChunkSize, Math.Min(ChunkSize, plaintext.Length - i * ChunkSize));
            ChaCha20Poly1305Aead.Seal(key, ChunkNonce(i, i == chunks - 1), chunk, ReadOnlySpan<byte>.Empty,
                output.AsSpan(outPos, chunk.Length), output.AsSpan(outPos + chunk.Length, TagSize));
            outPos += chunk.Length + TagSize;
        }
        return output;
    }

    /// <summary>Decrypts nonce ‖ chunks. Truncation, reordering, a missing or early last chunk all fail.</summary>
    public static byte[] Decrypt(byte[] fileKey, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < NonceSize) throw new AgeException("failed to read payload nonce: file is truncated");
        var key = AgePrimitives.Hkdf(fileKey, payload[..NonceSize], "payload");
        var body = payload[NonceSize..];
        if (body.Length == 0) throw new AgeException("failed to decrypt payload: file is truncated (no chunks)");
        var chunks = (body.Length + EncryptedChunkSize - 1) / EncryptedChunkSize;
        var lastLength = body.Length - (chunks - 1) * EncryptedChunkSize;
        if (lastLength < TagSize) throw new AgeException("failed to decrypt payload: last chunk is truncated");
        if (lastLength == TagSize && chunks > 1)
        {
            throw new AgeException("failed to decrypt payload: last chunk is empty, try age v1.0.0 (malformed file)");
        }
        var output = new byte[body.Length - chunks * TagSize];
        var outPos = 0;
        for (var i = 0; i < chunks; i++)
        {
            var chunk = body.Slice(i * EncryptedChunkSize, i == chunks - 1 ? lastLength : EncryptedChunkSize);
            var plainLength = chunk.Length - TagSize;
            if (!ChaCha20Poly1305Aead.Open(key, ChunkNonce(i, i == chunks - 1), chunk[..plainLength], chunk[plainLength..],
                    ReadOnlySpan<byte>.Empty, output.AsSpan(outPos, plainLength)))
            {
                throw new AgeException("failed to decrypt and authenticate payload chunk");
            }
            outPos += plainLength;
        }
        return output;
    }

    private static byte[] ChunkNonce(long counter, bool last)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(3, 8), counter);
        nonce[11] = last ? (byte)1 : (byte)0;
        return nonce;
    }
}
