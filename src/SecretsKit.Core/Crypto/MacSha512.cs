using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// Incremental SHA-512 for the sops MAC that picks its implementation by input size. Up to
/// <see cref="ManagedLimit"/> bytes the input is buffered and hashed with <see cref="ManagedSha512"/>, so decrypting
/// a typical file never loads OpenSSL (~4 ms of a native process). Past it, the buffered bytes and everything after go
/// to the BCL (OpenSSL), in <see cref="ChunkSize"/> batches rather than one call per value.
/// Measured on 100k values / 8 MB (optimised JIT code, the 2-core VM; bench/README.md "Native decrypt without OpenSSL"):
/// BouncyCastle ~70 ms, OpenSSL with one call per value (the previous code) ~35 ms, OpenSSL in 64 KiB batches ~20 ms.
/// Managed costs ~6 ms/MB more than batched OpenSSL, so it wins below ~0.6 MB (the ~4 ms load); the limit of 256 KiB
/// keeps its extra cost under ~1.5 ms while a 50-key file (a few KB) stays far below it.
/// </summary>
internal sealed class MacSha512 : IDisposable
{
    public const int ManagedLimit = 256 * 1024;
    public const int ChunkSize = 64 * 1024;
    private byte[] _buffer = new byte[4096];
    private int _length;
    private IncrementalHash? _native;

    /// <summary>True once the input passed <see cref="ManagedLimit"/> and the BCL hash took over (for tests).</summary>
    public bool UsesNative => _native is not null;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_native is null && _length + data.Length > ManagedLimit)
        {
            _native = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            _native.AppendData(_buffer, 0, _length);
            Clear();
            _buffer = new byte[ChunkSize];
        }
        if (_native is not null)
        {
            if (_length + data.Length > _buffer.Length)
            {
                _native.AppendData(_buffer, 0, _length);
                Clear();
                if (data.Length >= _buffer.Length)
                {
                    _native.AppendData(data);
                    return;
                }
            }
        }
        else if (_length + data.Length > _buffer.Length)
        {
            var grown = new byte[Math.Min(ManagedLimit, Math.Max(_buffer.Length * 2, _length + data.Length))];
            var length = _length;
            _buffer.AsSpan(0, length).CopyTo(grown);
            Clear();
            _buffer = grown;
            _length = length;
        }
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>Writes the digest of everything appended so far and starts over.</summary>
    public void Finish(Span<byte> destination)
    {
        if (_native is null)
        {
            var sha = new ManagedSha512();
            sha.Append(_buffer, 0, _length);
            sha.Finish(destination);
        }
        else
        {
            _native.AppendData(_buffer, 0, _length);
            _native.GetHashAndReset(destination);
            _native.Dispose();
            _native = null;
        }
        Clear();
    }

    public void Dispose()
    {
        _native?.Dispose();
        _native = null;
        Clear();
    }

    /// <summary>The buffer holds plaintext values: wipe what was used.</summary>
    private void Clear()
    {
        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _length));
        _length = 0;
    }
}
