using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// AES-GCM (NIST SP 800-38D) with an IV of any length and a 16-byte tag. .NET's <see cref="AesGcm"/> only takes
/// 12-byte nonces, and sops uses 32-byte IVs, so the mode is built here from an AES-ECB block transform (key
/// schedule made once per instance) and <see cref="GHash"/>. Not thread-safe: use one instance per thread.
/// </summary>
internal sealed class GcmCipher : IDisposable
{
    public const int TagSize = 16;
    private const int BlockSize = 16;

    private readonly Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly AesNiBlockCipher? _aesNi;
    private readonly GHash _ghash;
    private byte[] _scratch = new byte[512];

    public GcmCipher(ReadOnlySpan<byte> key, bool allowIntrinsics = true)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"AES key must be 16, 24 or 32 bytes, got {key.Length}", nameof(key));
        }
        if (allowIntrinsics && key.Length == 32 && AesNiBlockCipher.IsSupported)
        {
            _aesNi = new AesNiBlockCipher(key);
        }
        else
        {
            _aes = Aes.Create();
            _aes.Key = key.ToArray();
            _aes.Mode = CipherMode.ECB;
            _aes.Padding = PaddingMode.None;
            _ecb = _aes.CreateEncryptor();
        }
        // H = E_K(0^128): the scratch buffer starts zeroed.
        EncryptBlocks(_scratch, 0, BlockSize, BlockSize);
        _ghash = new GHash(_scratch.AsSpan(BlockSize, BlockSize), allowIntrinsics);
        CryptographicOperations.ZeroMemory(_scratch);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length == 0) throw new ArgumentException("IV must not be empty", nameof(iv));
        if (ciphertext.Length < plaintext.Length) throw new ArgumentException("output too small", nameof(ciphertext));
        if (tag.Length < TagSize) throw new ArgumentException("tag buffer too small", nameof(tag));

        Span<byte> j0 = stackalloc byte[BlockSize];
        DeriveJ0(iv, j0);
        var keystream = ComputeKeystream(j0, plaintext.Length);
        Xor(plaintext, keystream.Slice(BlockSize, plaintext.Length), ciphertext);
        ComputeTag(aad, ciphertext[..plaintext.Length], keystream[..BlockSize], tag[..TagSize]);
    }

    /// <summary>Verifies the tag (constant time) and decrypts; false and a zeroed output when authentication fails.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad, Span<byte> plaintext)
    {
        if (plaintext.Length < ciphertext.Length) throw new ArgumentException("output too small", nameof(plaintext));
        if (iv.Length == 0 || tag.Length != TagSize) return false;

        Span<byte> j0 = stackalloc byte[BlockSize];
        DeriveJ0(iv, j0);
        var keystream = ComputeKeystream(j0, ciphertext.Length);
        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(aad, ciphertext, keystream[..BlockSize], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            plaintext[..ciphertext.Length].Clear();
            return false;
        }
        Xor(ciphertext, keystream.Slice(BlockSize, ciphertext.Length), plaintext);
        return true;
    }

    public void Dispose()
    {
        _ecb?.Dispose();
        _aes?.Dispose();
        CryptographicOperations.ZeroMemory(_scratch);
    }

    /// <summary>J0 = IV ‖ 0^31 ‖ 1 for 96-bit IVs, otherwise GHASH(IV ‖ pad ‖ 0^64 ‖ [len(IV)·8]_64).</summary>
    private void DeriveJ0(ReadOnlySpan<byte> iv, Span<byte> j0)
    {
        if (iv.Length == 12)
        {
            iv.CopyTo(j0);
            BinaryPrimitives.WriteUInt32BigEndian(j0[12..], 1);
            return;
        }
        ulong hi = 0, lo = 0;
        _ghash.Update(ref hi, ref lo, iv);
        _ghash.UpdateLengths(ref hi, ref lo, 0, iv.Length);
        BinaryPrimitives.WriteUInt64BigEndian(j0, hi);
        BinaryPrimitives.WriteUInt64BigEndian(j0[8..], lo);
    }

    /// <summary>
    /// Encrypts J0, inc32(J0), inc32²(J0)… in one ECB call. Block 0 of the result is E_K(J0) (for the tag);
    /// the rest is the CTR keystream for <paramref name="length"/> bytes.
    /// </summary>
    private Span<byte> ComputeKeystream(ReadOnlySpan<byte> j0, int length)
    {
        var blocks = 1 + (length + BlockSize - 1) / BlockSize;
        var bytes = blocks * BlockSize;
        if (_scratch.Length < 2 * bytes)
        {
            CryptographicOperations.ZeroMemory(_scratch);
            _scratch = new byte[Math.Max(2 * bytes, 2 * _scratch.Length)];
        }
        var counters = _scratch.AsSpan(0, bytes);
        var counter0 = BinaryPrimitives.ReadUInt32BigEndian(j0[12..]);
        for (var i = 0; i < blocks; i++)
        {
            var block = counters.Slice(i * BlockSize, BlockSize);
            j0[..12].CopyTo(block);
            BinaryPrimitives.WriteUInt32BigEndian(block[12..], unchecked(counter0 + (uint)i));
        }
        EncryptBlocks(_scratch, 0, bytes, bytes);
        return _scratch.AsSpan(bytes, bytes);
    }

    /// <summary>AES-ECB of <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="inOffset"/> into the same buffer at <paramref name="outOffset"/> (regions must not overlap).</summary>
    private void EncryptBlocks(byte[] buffer, int inOffset, int count, int outOffset)
    {
        if (_aesNi is not null)
        {
            _aesNi.EncryptBlocks(buffer.AsSpan(inOffset, count), buffer.AsSpan(outOffset, count));
            return;
        }
        var written = _ecb!.TransformBlock(buffer, inOffset, count, buffer, outOffset);
        if (written != count) throw new CryptographicException("AES block transform returned a short result");
    }

    private void ComputeTag(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> encryptedJ0, Span<byte> tag)
    {
        ulong hi = 0, lo = 0;
        _ghash.Update(ref hi, ref lo, aad);
        _ghash.Update(ref hi, ref lo, ciphertext);
        _ghash.UpdateLengths(ref hi, ref lo, aad.Length, ciphertext.Length);
        BinaryPrimitives.WriteUInt64BigEndian(tag, hi);
        BinaryPrimitives.WriteUInt64BigEndian(tag[8..], lo);
        Xor(tag, encryptedJ0, tag);
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        var i = 0;
        for (; i + 8 <= a.Length; i += 8)
        {
            var x = BinaryPrimitives.ReadUInt64LittleEndian(a[i..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(b[i..]);
            BinaryPrimitives.WriteUInt64LittleEndian(output[i..], x);
        }
        for (; i < a.Length; i++) output[i] = (byte)(a[i] ^ b[i]);
    }
}
