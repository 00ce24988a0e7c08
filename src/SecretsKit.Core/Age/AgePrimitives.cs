using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>The small building blocks every age recipient type shares: HKDF, zero-nonce ChaCha20-Poly1305, raw base64.</summary>
internal static class AgePrimitives
{
    public const int FileKeySize = 16;
    public const int TagSize = 16;

    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, string info, int length = 32)
    {
        // Extract by hand: OpenSSL's HKDF refuses an empty IKM, which ssh-ed25519's tweak uses.
        var prk = HMACSHA256.HashData(salt, ikm);
        var output = new byte[length];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, Encoding.ASCII.GetBytes(info));
        CryptographicOperations.ZeroMemory(prk);
        return output;
    }

    /// <summary>Seals a file key under a single-use key with the all-zero nonce (ciphertext ‖ tag).</summary>
    public static byte[] AeadSeal(byte[] key, ReadOnlySpan<byte> plaintext)
    {
        using var aead = new ChaCha20Poly1305(key);
        var output = new byte[plaintext.Length + TagSize];
        aead.Encrypt(new byte[12], plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    /// <summary>Opens a zero-nonce seal; null when authentication fails. Throws when the length is not <paramref name="size"/> + tag.</summary>
    public static byte[]? AeadOpen(byte[] key, int size, ReadOnlySpan<byte> sealedData, string what)
    {
        if (sealedData.Length != size + TagSize)
        {
            throw new AgeException($"invalid {what} recipient block: incorrect file key size");
        }
        using var aead = new ChaCha20Poly1305(key);
        var plaintext = new byte[size];
        try
        {
            aead.Decrypt(new byte[12], sealedData[..size], sealedData[size..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
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
