using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace SecretsKit.Core.Age;

/// <summary>
/// The RFC 8439 AEAD (ChaCha20 with a 96-bit nonce, one-time Poly1305 key from block 0, MAC over
/// AAD ‖ pad ‖ ciphertext ‖ pad ‖ lengths) on BouncyCastle's managed ChaCha7539Engine and Poly1305. Used instead of
/// the BCL's ChaCha20Poly1305, which is OpenSSL on Linux: a native decrypt would pay ~4 ms to load libssl for a
/// 32-byte data key. Portable.BouncyCastle 1.8.10 has no general ChaCha20-Poly1305 AEAD class, so the construction is here.
/// </summary>
internal static class ChaCha20Poly1305Aead
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private static readonly byte[] Zeros = new byte[16];

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> aad, Span<byte> ciphertext, Span<byte> tag)
    {
        if (ciphertext.Length < plaintext.Length) throw new ArgumentException("output too small", nameof(ciphertext));
        if (tag.Length < TagSize) throw new ArgumentException("tag buffer too small", nameof(tag));
        var engine = CreateEngine(key, nonce, out var macKey);
        var buffer = plaintext.ToArray();
        engine.ProcessBytes(buffer, 0, buffer.Length, buffer, 0);
        ComputeTag(macKey, aad, buffer, tag);
        buffer.CopyTo(ciphertext);
    }

    /// <summary>Checks the tag (constant time), then decrypts; false (and nothing written) when authentication fails.</summary>
    public static bool Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad, Span<byte> plaintext)
    {
        if (plaintext.Length < ciphertext.Length) throw new ArgumentException("output too small", nameof(plaintext));
        if (tag.Length != TagSize) return false;
        var engine = CreateEngine(key, nonce, out var macKey);
        var buffer = ciphertext.ToArray();
        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(macKey, aad, buffer, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag)) return false;
        engine.ProcessBytes(buffer, 0, buffer.Length, buffer, 0);
        buffer.CopyTo(plaintext);
        Array.Clear(buffer);
        return true;
    }

    /// <summary>A ChaCha20 engine positioned at block 1, and the Poly1305 key (the first 32 bytes of block 0).</summary>
    private static ChaCha7539Engine CreateEngine(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, out byte[] macKey)
    {
        if (key.Length != KeySize) throw new ArgumentException("ChaCha20-Poly1305 key must be 32 bytes", nameof(key));
        if (nonce.Length != NonceSize) throw new ArgumentException("ChaCha20-Poly1305 nonce must be 12 bytes", nameof(nonce));
        var keyCopy = key.ToArray();
        var engine = new ChaCha7539Engine();
        engine.Init(true, new ParametersWithIV(new KeyParameter(keyCopy), nonce.ToArray()));
        Array.Clear(keyCopy);
        var block0 = new byte[64];
        engine.ProcessBytes(block0, 0, block0.Length, block0, 0);
        macKey = block0[..32];
        Array.Clear(block0);
        return engine;
    }

    private static void ComputeTag(byte[] macKey, ReadOnlySpan<byte> aad, byte[] ciphertext, Span<byte> tag)
    {
        var poly = new Poly1305();
        poly.Init(new KeyParameter(macKey));
        Array.Clear(macKey);
        var aadArray = aad.ToArray();
        poly.BlockUpdate(aadArray, 0, aadArray.Length);
        poly.BlockUpdate(Zeros, 0, PadLength(aadArray.Length));
        poly.BlockUpdate(ciphertext, 0, ciphertext.Length);
        poly.BlockUpdate(Zeros, 0, PadLength(ciphertext.Length));
        var lengths = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(lengths.AsSpan(0, 8), (ulong)aadArray.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(lengths.AsSpan(8, 8), (ulong)ciphertext.Length);
        poly.BlockUpdate(lengths, 0, lengths.Length);
        var output = new byte[TagSize];
        poly.DoFinal(output, 0);
        output.CopyTo(tag);
    }

    private static int PadLength(int length) => (16 - length % 16) % 16;
}
