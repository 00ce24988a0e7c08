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
    // Counter blocks and their encryption, one chunk at a time: [0, ChunkBytes) counters, [ChunkBytes, 2·ChunkBytes) keystream.
    private const int ChunkBytes = 4096;
    private readonly byte[] _scratch = new byte[2 * ChunkBytes];

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
            var keyCopy = key.ToArray();
            _aes.Key = keyCopy;
            CryptographicOperations.ZeroMemory(keyCopy);
            _aes.Mode = CipherMode.ECB;
            _aes.Padding = PaddingMode.None;
            _ecb = _aes.CreateEncryptor();
        }
        // H = E_K(0^128): the scratch buffer starts zeroed.
        EncryptBlocks(_scratch, 0, BlockSize, BlockSize);
        _ghash = new GHash(_scratch.AsSpan(BlockSize, BlockSize), allowIntrinsics);
        CryptographicOperations.ZeroMemory(_scratch);
    }

    /// <summary>
    /// Starts an encryption fed in pieces (<see cref="EncryptPiece"/>, then <see cref="FinishEncryption"/>): the same
    /// ciphertext and tag as <see cref="Encrypt"/> of the whole, without a buffer of the whole's size.
    /// </summary>
    public PieceState BeginEncryption(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad)
    {
        if (iv.Length == 0) throw new ArgumentException("IV must not be empty", nameof(iv));
        var state = new PieceState();
        DeriveJ0(iv, state.J0, state.EncryptedJ0);
        _ghash.Update(ref state.Hi, ref state.Lo, aad);
        state.AadLength = aad.Length;
        return state;
    }

    /// <summary>Encrypts the next piece in place; every piece but the last must be a multiple of 16 bytes.</summary>
    public void EncryptPiece(PieceState state, Span<byte> piece)
    {
        if (state.TextLength % BlockSize != 0) throw new InvalidOperationException("only the last piece may end inside a block");
        Span<byte> j0 = stackalloc byte[BlockSize];
        state.J0.CopyTo(j0);
        var first = BinaryPrimitives.ReadUInt32BigEndian(j0[12..]);
        BinaryPrimitives.WriteUInt32BigEndian(j0[12..], unchecked(first + (uint)(state.TextLength / BlockSize)));
        ApplyCounterMode(j0, piece, piece);
        _ghash.Update(ref state.Hi, ref state.Lo, piece);
        state.TextLength += piece.Length;
    }

    /// <summary>Writes the tag of a piecewise encryption.</summary>
    public void FinishEncryption(PieceState state, Span<byte> tag)
    {
        _ghash.UpdateLengths(ref state.Hi, ref state.Lo, state.AadLength, state.TextLength);
        BinaryPrimitives.WriteUInt64BigEndian(tag, state.Hi);
        BinaryPrimitives.WriteUInt64BigEndian(tag[8..], state.Lo);
        Xor(tag[..TagSize], state.EncryptedJ0, tag);
    }

    /// <summary>Where a piecewise encryption stands: J0, E_K(J0), the GHASH so far and the lengths.</summary>
    internal sealed class PieceState
    {
        public byte[] J0 { get; } = new byte[BlockSize];

        public byte[] EncryptedJ0 { get; } = new byte[BlockSize];

#pragma warning disable CA1051 // GHASH updates these by reference
        public ulong Hi;
        public ulong Lo;
#pragma warning restore CA1051

        public long AadLength { get; set; }

        public long TextLength { get; set; }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length == 0) throw new ArgumentException("IV must not be empty", nameof(iv));
        if (ciphertext.Length < plaintext.Length) throw new ArgumentException("output too small", nameof(ciphertext));
        if (tag.Length < TagSize) throw new ArgumentException("tag buffer too small", nameof(tag));

        Span<byte> j0 = stackalloc byte[BlockSize];
        Span<byte> encryptedJ0 = stackalloc byte[BlockSize];
        DeriveJ0(iv, j0, encryptedJ0);
        ApplyCounterMode(j0, plaintext, ciphertext);
        ComputeTag(aad, ciphertext[..plaintext.Length], encryptedJ0, tag[..TagSize]);
    }

    /// <summary>Verifies the tag (constant time) and decrypts; false and a zeroed output when authentication fails.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad, Span<byte> plaintext)
    {
        if (plaintext.Length < ciphertext.Length) throw new ArgumentException("output too small", nameof(plaintext));
        if (iv.Length == 0 || tag.Length != TagSize) return false;

        Span<byte> j0 = stackalloc byte[BlockSize];
        Span<byte> encryptedJ0 = stackalloc byte[BlockSize];
        DeriveJ0(iv, j0, encryptedJ0);
        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(aad, ciphertext, encryptedJ0, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            plaintext[..ciphertext.Length].Clear();
            return false;
        }
        ApplyCounterMode(j0, ciphertext, plaintext);
        return true;
    }

    public void Dispose()
    {
        _ecb?.Dispose();
        _aes?.Dispose();
        _aesNi?.Clear();
        CryptographicOperations.ZeroMemory(_scratch);
    }

    /// <summary>
    /// J0 = IV ‖ 0^31 ‖ 1 for 96-bit IVs, otherwise GHASH(IV ‖ pad ‖ 0^64 ‖ [len(IV)·8]_64); also E_K(J0), which masks the tag.
    /// </summary>
    private void DeriveJ0(ReadOnlySpan<byte> iv, Span<byte> j0, Span<byte> encryptedJ0)
    {
        if (iv.Length == 12)
        {
            iv.CopyTo(j0);
            BinaryPrimitives.WriteUInt32BigEndian(j0[12..], 1);
        }
        else
        {
            ulong hi = 0, lo = 0;
            _ghash.Update(ref hi, ref lo, iv);
            _ghash.UpdateLengths(ref hi, ref lo, 0, iv.Length);
            BinaryPrimitives.WriteUInt64BigEndian(j0, hi);
            BinaryPrimitives.WriteUInt64BigEndian(j0[8..], lo);
        }
        j0.CopyTo(_scratch);
        EncryptBlocks(_scratch, 0, BlockSize, ChunkBytes);
        _scratch.AsSpan(ChunkBytes, BlockSize).CopyTo(encryptedJ0);
    }

    /// <summary>
    /// GCTR from inc32(J0): XORs <paramref name="input"/> with E_K(inc32^i(J0)) into <paramref name="output"/>, a chunk of
    /// counter blocks per AES call so large values need no buffer of their own size.
    /// </summary>
    private void ApplyCounterMode(ReadOnlySpan<byte> j0, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var counter = BinaryPrimitives.ReadUInt32BigEndian(j0[12..]);
        for (var done = 0; done < input.Length; done += ChunkBytes)
        {
            var length = Math.Min(ChunkBytes, input.Length - done);
            var blocks = (length + BlockSize - 1) / BlockSize;
            for (var i = 0; i < blocks; i++)
            {
                var block = _scratch.AsSpan(i * BlockSize, BlockSize);
                j0[..12].CopyTo(block);
                counter = unchecked(counter + 1);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter);
            }
            EncryptBlocks(_scratch, 0, blocks * BlockSize, ChunkBytes);
            Xor(input.Slice(done, length), _scratch.AsSpan(ChunkBytes, length), output.Slice(done, length));
        }
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
