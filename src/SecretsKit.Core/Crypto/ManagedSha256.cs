using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// SHA-256 and HMAC-SHA256 in managed code (BouncyCastle). The BCL versions go through OpenSSL on Linux, and loading
/// libssl/libcrypto costs ~4 ms of a native process that only needs a few hundred bytes hashed (age header MAC,
/// HKDF, SSH key tags, the mac_only_encrypted seed). The lean native CLI computes HMAC-SHA256 with libsodium instead
/// (<see cref="Libsodium"/>): a cold age decrypt's six HMACs cost 196,000 fewer instructions there (bench/README.md, #81).
/// </summary>
internal static class ManagedSha256
{
    public const int HashSize = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new Sha256Digest();
        var input = data.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[HashSize];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>HMAC-SHA256 (RFC 2104); any key length, including empty.</summary>
    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        Libsodium.IsEnabled ? Libsodium.HmacSha256(key.ToArray(), data.ToArray()) : BouncyCastleHmac(key, data);

    /// <summary>BouncyCastle's HMAC-SHA256: every build but the lean native CLI.</summary>
    internal static byte[] BouncyCastleHmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var keyCopy = key.ToArray();
        var hmac = new HMac(new Sha256Digest());
        hmac.Init(new KeyParameter(keyCopy));
        Array.Clear(keyCopy);
        var input = data.ToArray();
        hmac.BlockUpdate(input, 0, input.Length);
        var output = new byte[HashSize];
        hmac.DoFinal(output, 0);
        hmac.Reset();
        Array.Clear(input);
        return output;
    }
}
