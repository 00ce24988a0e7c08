using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>
/// Keccak-f[1600] sponges for SHA3-224, SHA3-256, SHA3-512, SHAKE128 and SHAKE256 (FIPS 202) in managed code. The BCL's
/// <c>SHA3_256</c>/<c>Shake128</c> go through OpenSSL on Linux, which the native CLI never loads for small files; the
/// tests check this code against the BCL where the BCL supports SHA-3. The permutation has no secret-dependent
/// branch or table index.
/// </summary>
internal sealed class Keccak
{
    private const int Rounds = 24;
    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B,
        0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088,
        0x0000000080008009, 0x000000008000000A, 0x000000008000808B, 0x800000000000008B, 0x8000000000008089,
        0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];
    private static readonly int[] Rotations = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];
    private static readonly int[] PiLanes = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    private readonly ulong[] _state = new ulong[25];
    private readonly byte[] _block;
    private readonly byte _domain;
    private int _offset;
    private bool _squeezing;

    private Keccak(int rate, byte domain)
    {
        _block = new byte[rate];
        _domain = domain;
    }

    public static Keccak Shake128() => new(168, 0x1F);

    public static Keccak Shake256() => new(136, 0x1F);

    public static byte[] Sha3_224(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default) => Run(new Keccak(144, 0x06), a, b, 28);

    public static byte[] Sha3_256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default) => Run(new Keccak(136, 0x06), a, b, 32);

    public static byte[] Sha3_512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default) => Run(new Keccak(72, 0x06), a, b, 64);

    /// <summary>SHAKE256(a ‖ b) truncated to <paramref name="length"/> bytes.</summary>
    public static byte[] Shake256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int length) => Run(Shake256(), a, b, length);

    private static byte[] Run(Keccak k, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int length)
    {
        k.Absorb(a);
        k.Absorb(b);
        var output = new byte[length];
        k.Squeeze(output);
        k.Clear();
        return output;
    }

    public void Absorb(ReadOnlySpan<byte> data)
    {
        if (_squeezing) throw new InvalidOperationException("Keccak: absorb after squeeze");
        while (data.Length > 0)
        {
            var n = Math.Min(_block.Length - _offset, data.Length);
            data[..n].CopyTo(_block.AsSpan(_offset));
            _offset += n;
            data = data[n..];
            if (_offset == _block.Length)
            {
                XorBlock();
                Permute(_state);
                _offset = 0;
            }
        }
    }

    public void Squeeze(Span<byte> output)
    {
        if (!_squeezing)
        {
            _block.AsSpan(_offset).Clear();
            _block[_offset] ^= _domain;
            _block[^1] ^= 0x80;
            XorBlock();
            Permute(_state);
            WriteBlock();
            _offset = 0;
            _squeezing = true;
        }
        while (output.Length > 0)
        {
            if (_offset == _block.Length)
            {
                Permute(_state);
                WriteBlock();
                _offset = 0;
            }
            var n = Math.Min(_block.Length - _offset, output.Length);
            _block.AsSpan(_offset, n).CopyTo(output);
            _offset += n;
            output = output[n..];
        }
    }

    /// <summary>Wipes the state (it may hold secrets).</summary>
    public void Clear()
    {
        Array.Clear(_state);
        CryptographicOperations.ZeroMemory(_block);
    }

    private void XorBlock()
    {
        for (var i = 0; i < _block.Length / 8; i++) _state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(i * 8));
    }

    private void WriteBlock()
    {
        for (var i = 0; i < _block.Length / 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(_block.AsSpan(i * 8), _state[i]);
    }

    private static void Permute(ulong[] a)
    {
        Span<ulong> c = stackalloc ulong[5];
        for (var round = 0; round < Rounds; round++)
        {
            for (var x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (var y = 0; y < 25; y += 5) a[y + x] ^= d;
            }
            var current = a[1];
            for (var i = 0; i < 24; i++)
            {
                var j = PiLanes[i];
                var next = a[j];
                a[j] = BitOperations.RotateLeft(current, Rotations[i]);
                current = next;
            }
            for (var y = 0; y < 25; y += 5)
            {
                for (var x = 0; x < 5; x++) c[x] = a[y + x];
                for (var x = 0; x < 5; x++) a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
            }
            a[0] ^= RoundConstants[round];
        }
    }
}
