using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// AES-256 block encryption with the AES-NI instructions (FIPS 197 key expansion via AESKEYGENASSIST). Used by
/// <see cref="GcmCipher"/> when the CPU has them; otherwise it falls back to the platform's AES-ECB transform.
/// </summary>
internal sealed class AesNiBlockCipher
{
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[15];

    public AesNiBlockCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32) throw new ArgumentException("AES-NI path is for 32-byte keys", nameof(key));
        if (!IsSupported) throw new PlatformNotSupportedException("AES-NI is not available");
        var k1 = Vector128.Create(key[..16]);
        var k2 = Vector128.Create(key[16..]);
        _roundKeys[0] = k1;
        _roundKeys[1] = k2;
        var r = 2;
        ExpandPair(ref k1, ref k2, AesNi.KeygenAssist(k2, 0x01), r); r += 2;
        ExpandPair(ref k1, ref k2, AesNi.KeygenAssist(k2, 0x02), r); r += 2;
        ExpandPair(ref k1, ref k2, AesNi.KeygenAssist(k2, 0x04), r); r += 2;
        ExpandPair(ref k1, ref k2, AesNi.KeygenAssist(k2, 0x08), r); r += 2;
        ExpandPair(ref k1, ref k2, AesNi.KeygenAssist(k2, 0x10), r); r += 2;
        ExpandPair(ref k1, ref k2, AesNi.KeygenAssist(k2, 0x20), r);
        k1 = NextFirst(k1, AesNi.KeygenAssist(k2, 0x40));
        _roundKeys[14] = k1;
    }

    public static bool IsSupported => AesNi.IsSupported && Sse2.IsSupported;

    /// <summary>Wipes the round keys.</summary>
    public void Clear() => Array.Clear(_roundKeys);

    /// <summary>Encrypts whole 16-byte blocks from <paramref name="input"/> into <paramref name="output"/> (ECB).</summary>
    public void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var keys = _roundKeys;
        ref var src = ref MemoryMarshal.GetReference(input);
        ref var dst = ref MemoryMarshal.GetReference(output);
        for (var offset = 0; offset + 16 <= input.Length; offset += 16)
        {
            var block = Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref src, offset));
            block = Sse2.Xor(block, keys[0]);
            for (var round = 1; round < 14; round++) block = AesNi.Encrypt(block, keys[round]);
            block = AesNi.EncryptLast(block, keys[14]);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, offset), block);
        }
    }

    private void ExpandPair(ref Vector128<byte> k1, ref Vector128<byte> k2, Vector128<byte> assist, int index)
    {
        k1 = NextFirst(k1, assist);
        _roundKeys[index] = k1;
        // The second key of each pair uses SubWord without rotation or round constant (word 2 of the assist).
        var sub = Sse2.Shuffle(AesNi.KeygenAssist(k1, 0x00).AsInt32(), 0xAA).AsByte();
        k2 = Sse2.Xor(PrefixXor(k2), sub);
        _roundKeys[index + 1] = k2;
    }

    private static Vector128<byte> NextFirst(Vector128<byte> k1, Vector128<byte> assist)
    {
        // RotWord(SubWord(w)) ^ rcon sits in word 3 of the assist result.
        var t = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        return Sse2.Xor(PrefixXor(k1), t);
    }

    /// <summary>w0, w0^w1, w0^w1^w2, w0^w1^w2^w3: the running XOR of the previous round key's words.</summary>
    private static Vector128<byte> PrefixXor(Vector128<byte> k)
    {
        var t = Sse2.ShiftLeftLogical128BitLane(k, 4);
        k = Sse2.Xor(k, t);
        t = Sse2.ShiftLeftLogical128BitLane(t, 4);
        k = Sse2.Xor(k, t);
        t = Sse2.ShiftLeftLogical128BitLane(t, 4);
        return Sse2.Xor(k, t);
    }
}
