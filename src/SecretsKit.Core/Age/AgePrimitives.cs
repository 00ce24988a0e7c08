using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>The small building blocks every age recipient type shares: HKDF, zero-nonce ChaCha20-Poly1305 (all managed: no OpenSSL on the decrypt path), raw base64.</summary>
internal static class AgePrimitives
{
    public const int FileKeySize = 16;
    public const int TagSize = 16;

    /// <summary>HKDF-SHA256 (RFC 5869) in managed code; an empty IKM (ssh-ed25519's tweak) is allowed.</summary>
    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, string info, int length = 32) =>
        Hkdf(ikm, salt, Encoding.ASCII.GetBytes(info), length);

    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        const int hashSize = ManagedSha256.HashSize;
        if (length is < 0 or > 255 * hashSize) throw new ArgumentOutOfRangeException(nameof(length));
        var prk = ManagedSha256.Hmac(salt, ikm);
        var output = new byte[length];
        // T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i); the block buffer holds T(i-1) ‖ info ‖ i.
        var block = new byte[hashSize + info.Length + 1];
        var previous = 0;
        for (var i = 1; (i - 1) * hashSize < length; i++)
        {
            info.CopyTo(block.AsSpan(previous));
            block[previous + info.Length] = (byte)i;
            var t = ManagedSha256.Hmac(prk, block.AsSpan(0, previous + info.Length + 1));
            var offset = (i - 1) * hashSize;
            t.AsSpan(0, Math.Min(hashSize, length - offset)).CopyTo(output.AsSpan(offset));
            t.CopyTo(block, 0);
            CryptographicOperations.ZeroMemory(t);
            previous = hashSize;
        }
        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(prk);
        return output;
    }

    /// <summary>Seals a file key under a single-use key with the all-zero nonce (ciphertext ‖ tag).</summary>
    public static byte[] AeadSeal(byte[] key, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[plaintext.Length + TagSize];
        ChaCha20Poly1305Aead.Seal(key, stackalloc byte[ChaCha20Poly1305Aead.NonceSize], plaintext, ReadOnlySpan<byte>.Empty,
            output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    /// <summary>Opens a zero-nonce seal; null when authentication fails. Throws when the length is not <paramref name="size"/> + tag.</summary>
    public static byte[]? AeadOpen(byte[] key, int size, ReadOnlySpan<byte> sealedData, string what)
    {
        if (sealedData.Length != size + TagSize)
        {
            throw new AgeException($"invalid {what} recipient block: incorrect file key size");
        }
        var plaintext = new byte[size];
        return ChaCha20Poly1305Aead.Open(key, stackalloc byte[ChaCha20Poly1305Aead.NonceSize], sealedData[..size],
            sealedData[size..], ReadOnlySpan<byte>.Empty, plaintext)
            ? plaintext
            : null;
    }

    public static string EncodeRaw(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    /// <summary>Strict unpadded standard base64 (age's <c>format.DecodeString</c>): no padding, canonical trailing bits.</summary>
    public static byte[] DecodeRaw(string text)
    {
        foreach (var c in text)
        {
            var ok = c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/';
            if (!ok) throw new AgeException("invalid base64 in age header");
        }
        if (text.Length % 4 == 1) throw new AgeException("invalid base64 length in age header");
        var padded = text + new string('=', (4 - text.Length % 4) % 4);
        var bytes = Convert.FromBase64String(padded);
        if (EncodeRaw(bytes) != text) throw new AgeException("non-canonical base64 in age header");
        return bytes;
    }

    public static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var r = new byte[a.Length + b.Length];
        a.CopyTo(r);
        b.CopyTo(r.AsSpan(a.Length));
        return r;
    }

    public static bool IsAllZero(ReadOnlySpan<byte> data)
    {
        var acc = 0;
        foreach (var b in data) acc |= b;
        return acc == 0;
    }
}
