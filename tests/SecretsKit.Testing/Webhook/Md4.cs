using System.Buffers.Binary;
using System.Numerics;

namespace SecretsKit.Testing.Webhook;

/// <summary>
/// MD4 (RFC 1320), which NTLM's password hash is built on and .NET does not offer on Linux: the fake NTLM server needs
/// it to check a client's answer itself. Checked against the RFC's test vectors (<c>Md4Tests</c>).
/// </summary>
public static class Md4
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        // padding: 0x80, zeros up to 56 mod 64, the bit length as 64-bit little-endian
        var padded = new byte[(data.Length + 8) / 64 * 64 + 64];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(padded.AsSpan(padded.Length - 8), (ulong)data.Length * 8);

        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        Span<uint> x = stackalloc uint[16];
        for (var block = 0; block < padded.Length; block += 64)
        {
            for (var i = 0; i < 16; i++) x[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(block + i * 4));
            var (aa, bb, cc, dd) = (a, b, c, d);
            // round 1: F(x,y,z) = xy | ~x z, words in order, shifts 3 7 11 19
            for (var i = 0; i < 16; i += 4)
            {
                a = BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x[i], 3);
                d = BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + x[i + 1], 7);
                c = BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + x[i + 2], 11);
                b = BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + x[i + 3], 19);
            }
            // round 2: G(x,y,z) = xy | xz | yz + 0x5a827999, words by column, shifts 3 5 9 13
            for (var i = 0; i < 4; i++)
            {
                a = BitOperations.RotateLeft(a + ((b & c) | (b & d) | (c & d)) + x[i] + 0x5a827999, 3);
                d = BitOperations.RotateLeft(d + ((a & b) | (a & c) | (b & c)) + x[i + 4] + 0x5a827999, 5);
                c = BitOperations.RotateLeft(c + ((d & a) | (d & b) | (a & b)) + x[i + 8] + 0x5a827999, 9);
                b = BitOperations.RotateLeft(b + ((c & d) | (c & a) | (d & a)) + x[i + 12] + 0x5a827999, 13);
            }
            // round 3: H(x,y,z) = x ^ y ^ z + 0x6ed9eba1, words 0 8 4 12 / 2 10 6 14 / 1 9 5 13 / 3 11 7 15, shifts 3 9 11 15
            foreach (var i in (ReadOnlySpan<int>)[0, 2, 1, 3])
            {
                a = BitOperations.RotateLeft(a + (b ^ c ^ d) + x[i] + 0x6ed9eba1, 3);
                d = BitOperations.RotateLeft(d + (a ^ b ^ c) + x[i + 8] + 0x6ed9eba1, 9);
                c = BitOperations.RotateLeft(c + (d ^ a ^ b) + x[i + 4] + 0x6ed9eba1, 11);
                b = BitOperations.RotateLeft(b + (c ^ d ^ a) + x[i + 12] + 0x6ed9eba1, 15);
            }
            (a, b, c, d) = (a + aa, b + bb, c + cc, d + dd);
        }
        var digest = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(digest, a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(12), d);
        return digest;
    }
}
