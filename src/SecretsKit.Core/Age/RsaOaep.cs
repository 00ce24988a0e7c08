using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// RSAES-OAEP (RFC 8017 §7.1) with SHA-256 as both the label hash and the MGF1 hash, and a caller-given label — the
/// scheme age's <c>ssh-rsa</c> stanzas use. The BCL's OAEP has no label parameter, so the EME-OAEP encoding is done here
/// over <see cref="RsaKey"/>'s raw primitives. Decoding checks every condition without branching on secret bytes and
/// reports a single failure (null), so it does not act as a padding oracle.
/// </summary>
internal static class RsaOaep
{
    private const int HashLength = 32;

    /// <summary>Largest message for a modulus of <paramref name="k"/> bytes: k − 2·hLen − 2.</summary>
    public static int MaxMessageLength(int k) => k - 2 * HashLength - 2;

    public static byte[] Encrypt(RsaKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> label)
    {
        var k = key.Size;
        if (message.Length > MaxMessageLength(k)) throw new AgeException("message too long for RSA-OAEP with this key");
        var em = new byte[k];
        var seed = em.AsSpan(1, HashLength);
        var db = em.AsSpan(1 + HashLength);
        SHA256.HashData(label, db[..HashLength]);
        db[db.Length - message.Length - 1] = 0x01;
        message.CopyTo(db[^message.Length..]);
        RandomNumberGenerator.Fill(seed);
        XorMgf1(seed, db);
        XorMgf1(db, seed);
        var c = key.Encrypt(em);
        CryptographicOperations.ZeroMemory(em);
        return c;
    }

    /// <summary>The message, or null when the ciphertext does not decode under this key and label.</summary>
    public static byte[]? Decrypt(RsaKey key, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> label)
    {
        var k = key.Size;
        if (k < 2 * HashLength + 2) return null;
        var em = key.Decrypt(ciphertext);
        if (em is null) return null;
        try
        {
            var seed = em.AsSpan(1, HashLength);
            var db = em.AsSpan(1 + HashLength);
            XorMgf1(db, seed);
            XorMgf1(seed, db);
            Span<byte> labelHash = stackalloc byte[HashLength];
            SHA256.HashData(label, labelHash);
            var bad = em[0] | (CryptographicOperations.FixedTimeEquals(labelHash, db[..HashLength]) ? 0 : 1);
            // scan the rest of DB: zeros, then 0x01, then the message; no early exit
            int separator = 0, found = 0;
            for (var i = HashLength; i < db.Length; i++)
            {
                int b = db[i];
                var isZero = ((b - 1) >> 31) & 1;
                var isOne = (((b ^ 1) - 1) >> 31) & 1;
                var first = isOne & (found ^ 1);
                separator |= -first & i;
                found |= first;
                bad |= (found ^ 1) & (isZero ^ 1) & (isOne ^ 1);
            }
            bad |= found ^ 1;
            if (bad != 0) return null;
            return db[(separator + 1)..].ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(em);
        }
    }

    /// <summary>target ^= MGF1-SHA-256(seed, target.Length).</summary>
    private static void XorMgf1(ReadOnlySpan<byte> seed, Span<byte> target)
    {
        var input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        Span<byte> block = stackalloc byte[HashLength];
        for (int counter = 0, offset = 0; offset < target.Length; counter++, offset += HashLength)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(seed.Length), counter);
            SHA256.HashData(input, block);
            var n = Math.Min(HashLength, target.Length - offset);
            for (var i = 0; i < n; i++) target[offset + i] ^= block[i];
        }
        CryptographicOperations.ZeroMemory(input);
    }
}
