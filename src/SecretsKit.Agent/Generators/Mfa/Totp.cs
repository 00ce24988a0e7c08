using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace SecretsKit.Agent.Generators.Mfa;

/// <summary>HOTP (RFC 4226 dynamic truncation) over a TOTP counter, with the hash functions ESO's MFA generator names.</summary>
internal static class Totp
{
    /// <summary>The zero-padded code, or null for an unknown algorithm.</summary>
    public static string? Code(string algorithm, byte[] key, ulong counter, int digits)
    {
        var message = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(message, counter);
        byte[]? sum = algorithm switch
        {
#pragma warning disable CA5350 // RFC 6238's default HMAC is SHA-1, which authenticator apps expect
            "sha1" => HMACSHA1.HashData(key, message),
#pragma warning restore CA5350
            "sha256" => HMACSHA256.HashData(key, message),
            "sha384" => HMACSHA384.HashData(key, message),
            "sha512" => HMACSHA512.HashData(key, message),
            "sha512_256" => Sha512T256(key, message),
            _ => null,
        };
        if (sum is null) return null;
        var offset = sum[^1] & 0x0F;
        var value = ((sum[offset] & 0x7F) << 24) | (sum[offset + 1] << 16) | (sum[offset + 2] << 8) | sum[offset + 3];
        var modulo = value % (long)Math.Pow(10, digits);
        return modulo.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    private static byte[] Sha512T256(byte[] key, byte[] message)
    {
        var hmac = new HMac(new Sha512tDigest(256));
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(message, 0, message.Length);
        var output = new byte[hmac.GetMacSize()];
        hmac.DoFinal(output, 0);
        return output;
    }
}
