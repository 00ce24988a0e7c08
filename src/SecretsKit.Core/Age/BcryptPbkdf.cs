using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// OpenBSD's <c>bcrypt_pbkdf</c> (lib/libutil/bcrypt_pbkdf.c), the KDF of passphrase-protected <c>openssh-key-v1</c>
/// keys (kdfname <c>bcrypt</c>): PBKDF2-like over SHA-512 with a bcrypt-style hash, the output bytes spread across
/// blocks (stride) so that every block's rounds are needed for any part of the key. Neither BouncyCastle 1.8 nor the
/// packages on the mirror expose it (BouncyCastle's <c>BCrypt</c> is the password hash, with a different cipher text
/// and no SHA-512 pre-hash).
/// </summary>
internal static class BcryptPbkdf
{
    private const int HashWords = 8;

    private const int HashSize = HashWords * 4;

    private static readonly byte[] MagicText = "OxychromaticBlowfishSwatDynamite"u8.ToArray();

    public static byte[] Derive(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int rounds, int keyLength)
    {
        if (rounds < 1 || keyLength < 1 || keyLength > HashSize * HashSize || salt.Length == 0)
        {
            throw new AgeException("malformed SSH key: bad bcrypt KDF parameters");
        }
        var key = new byte[keyLength];
        var stride = (keyLength + HashSize - 1) / HashSize;
        var amount = (keyLength + stride - 1) / stride;
        var sha2Password = SHA512.HashData(password);
        var countSalt = new byte[salt.Length + 4];
        salt.CopyTo(countSalt);
        var remaining = keyLength;
        for (uint count = 1; remaining > 0; count++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(countSalt.AsSpan(salt.Length), count);
            var block = Hash(sha2Password, SHA512.HashData(countSalt));
            var output = (byte[])block.Clone();
            for (var i = 1; i < rounds; i++)
            {
                block = Hash(sha2Password, SHA512.HashData(block));
                for (var j = 0; j < HashSize; j++) output[j] ^= block[j];
            }
            amount = Math.Min(amount, remaining);
            int taken;
            for (taken = 0; taken < amount; taken++)
            {
                var dest = (taken * stride) + (int)(count - 1);
                if (dest >= keyLength) break;
                key[dest] = output[taken];
            }
            remaining -= taken;
            CryptographicOperations.ZeroMemory(output);
        }
        CryptographicOperations.ZeroMemory(sha2Password);
        return key;
    }

    /// <summary><c>bcrypt_hash</c>: 64 rounds of the expensive key schedule, then the magic text enciphered 64 times.</summary>
    private static byte[] Hash(ReadOnlySpan<byte> sha2Password, ReadOnlySpan<byte> sha2Salt)
    {
        var state = new EksBlowfish();
        state.ExpandState(sha2Salt, sha2Password);
        for (var i = 0; i < 64; i++)
        {
            state.Expand0State(sha2Salt);
            state.Expand0State(sha2Password);
        }
        Span<uint> words = stackalloc uint[HashWords];
        var position = 0;
        for (var i = 0; i < HashWords; i++) words[i] = EksBlowfish.StreamToWord(MagicText, ref position);
        for (var i = 0; i < 64; i++) state.Encrypt(words);
        var result = new byte[HashSize];
        for (var i = 0; i < HashWords; i++) BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(i * 4), words[i]);
        return result;
    }
}
