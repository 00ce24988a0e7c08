using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>
/// The parts of HPKE (RFC 9180) age 1.3's stanzas use: base mode, HKDF-SHA256 (KDF 0x0001), ChaCha20-Poly1305
/// (AEAD 0x0003), one single-shot seal of the file key with the first nonce and an empty AAD; the info string is
/// the stanza's label. Also the labeled extract/expand DHKEM(P-256) derives its shared secret with.
/// </summary>
internal static class Hpke
{
    public const ushort MlKem768X25519 = 0x647A;
    public const ushort MlKem768P256 = 0x0050;
    public const ushort DhKemP256 = 0x0010;
    private const int KeySize = 32;
    private static readonly byte[] Version = "HPKE-v1"u8.ToArray();

    /// <summary>Seals <paramref name="plaintext"/> to the KEM's shared secret (ciphertext ‖ tag).</summary>
    public static byte[] Seal(ushort kemId, ReadOnlySpan<byte> sharedSecret, string info, ReadOnlySpan<byte> plaintext)
    {
        var (key, nonce) = KeySchedule(kemId, sharedSecret, info);
        var output = new byte[plaintext.Length + ChaCha20Poly1305Aead.TagSize];
        ChaCha20Poly1305Aead.Seal(key, nonce, plaintext, [], output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        CryptographicOperations.ZeroMemory(key);
        return output;
    }

    /// <summary>Opens a single-shot seal; null when authentication fails (a wrong key, given implicit rejection).</summary>
    public static byte[]? Open(ushort kemId, ReadOnlySpan<byte> sharedSecret, string info, ReadOnlySpan<byte> sealedData)
    {
        if (sealedData.Length < ChaCha20Poly1305Aead.TagSize) return null;
        var (key, nonce) = KeySchedule(kemId, sharedSecret, info);
        var size = sealedData.Length - ChaCha20Poly1305Aead.TagSize;
        var plaintext = new byte[size];
        var ok = ChaCha20Poly1305Aead.Open(key, nonce, sealedData[..size], sealedData[size..], [], plaintext);
        CryptographicOperations.ZeroMemory(key);
        return ok ? plaintext : null;
    }

    /// <summary>LabeledExtract(salt, label, ikm) = HKDF-Extract(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm).</summary>
    public static byte[] LabeledExtract(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> salt, string label, ReadOnlySpan<byte> ikm)
    {
        var labeled = Join(Version, suiteId.ToArray(), Encoding.ASCII.GetBytes(label), ikm.ToArray());
        var prk = ManagedSha256.Hmac(salt, labeled);
        CryptographicOperations.ZeroMemory(labeled);
        return prk;
    }

    /// <summary>LabeledExpand(prk, label, info, L) for L ≤ 32 (one HKDF-Expand block).</summary>
    public static byte[] LabeledExpand(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> prk, string label, ReadOnlySpan<byte> info, int length)
    {
        if (length is < 1 or > KeySize) throw new ArgumentOutOfRangeException(nameof(length));
        Span<byte> size = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(size, (ushort)length);
        var block = Join(size.ToArray(), Version, suiteId.ToArray(), Encoding.ASCII.GetBytes(label), info.ToArray(), [1]);
        var t = ManagedSha256.Hmac(prk, block);
        var output = t.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(t);
        return output;
    }

    /// <summary>"KEM" ‖ I2OSP(kem_id, 2): the suite id of a DHKEM's own extract/expand.</summary>
    public static byte[] KemSuiteId(ushort kemId) => Join("KEM"u8.ToArray(), BigEndian(kemId));

    private static (byte[] Key, byte[] Nonce) KeySchedule(ushort kemId, ReadOnlySpan<byte> sharedSecret, string info)
    {
        var suiteId = Join("HPKE"u8.ToArray(), BigEndian(kemId), [0x00, 0x01], [0x00, 0x03]);
        var pskIdHash = LabeledExtract(suiteId, [], "psk_id_hash", []);
        var infoHash = LabeledExtract(suiteId, [], "info_hash", Encoding.ASCII.GetBytes(info));
        var context = Join([0x00], pskIdHash, infoHash); // mode_base
        var secret = LabeledExtract(suiteId, sharedSecret, "secret", []);
        var key = LabeledExpand(suiteId, secret, "key", context, KeySize);
        var nonce = LabeledExpand(suiteId, secret, "base_nonce", context, ChaCha20Poly1305Aead.NonceSize);
        CryptographicOperations.ZeroMemory(secret);
        return (key, nonce);
    }

    private static byte[] BigEndian(ushort value) => [(byte)(value >> 8), (byte)value];

    private static byte[] Join(params ReadOnlySpan<byte[]> parts)
    {
        var total = 0;
        foreach (var p in parts) total += p.Length;
        var result = new byte[total];
        var offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, offset);
            offset += p.Length;
        }
        return result;
    }
}
