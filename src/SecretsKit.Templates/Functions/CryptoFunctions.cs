using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's hash and secret functions: <c>sha1sum sha256sum sha512sum adler32sum bcrypt htpasswd randBytes encryptAES
/// decryptAES derivePassword</c>. Hashes, HMAC, AES and randomness are the BCL's; bcrypt and scrypt, which the BCL
/// lacks, are Portable.BouncyCastle's primitives (as the age scrypt recipient uses); only adler32 is written here
/// (ten lines, no library has it). Certificates and keys are in <see cref="CryptoCertificates"/> and <see cref="CryptoKeys"/>.
/// </summary>
public static class CryptoFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
#pragma warning disable CA5350 // sprig's sha1sum is SHA-1 by definition; it is a checksum here, not a signature
        t["sha1sum"] = c => Convert.ToHexStringLower(SHA1.HashData(Bytes(c.Exactly(1).String(0))));
#pragma warning restore CA5350
        t["sha256sum"] = c => Convert.ToHexStringLower(SHA256.HashData(Bytes(c.Exactly(1).String(0))));
        // sprig 3.3 (not in 3.2.3)
        t["sha512sum"] = c => Convert.ToHexStringLower(SHA512.HashData(Bytes(c.Exactly(1).String(0))));
        t["adler32sum"] = c => Adler32(Bytes(c.Exactly(1).String(0))).ToString(CultureInfo.InvariantCulture);
        t["bcrypt"] = c => Bcrypt(Bytes(c.Exactly(1).String(0)), RandomNumberGenerator.GetBytes(16));
        t["htpasswd"] = c => c.Exactly(2).String(0) is var user && user.Contains(':', StringComparison.Ordinal)
            ? $"invalid username: {user}"
            : user + ":" + Bcrypt(Bytes(c.String(1)), RandomNumberGenerator.GetBytes(16));
        t["randBytes"] = RandBytes;
        t["encryptAES"] = c => EncryptAes(c.Exactly(2).String(0), c.String(1));
        t["decryptAES"] = c => DecryptAes(c.Exactly(2).String(0), c.String(1));
        t["derivePassword"] = DerivePassword;
    }

    /// <summary>A Go string's bytes.</summary>
    internal static byte[] Bytes(string s) => GoString.ToBytes(s);

    /// <summary>Bytes as a Go string (bytes that are not UTF-8 kept, see <see cref="GoString"/>).</summary>
    internal static string Text(byte[] bytes) => GoString.FromBytes(bytes);

    /// <summary>RFC 1950's Adler-32 (Go's <c>hash/adler32</c>); the BCL has none.</summary>
    internal static uint Adler32(byte[] data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        foreach (var d in data)
        {
            a = (a + d) % Mod;
            b = (b + a) % Mod;
        }
        return (b << 16) | a;
    }

    private const string BcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string StdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>
    /// golang.org/x/crypto/bcrypt's <c>GenerateFromPassword(p, 10)</c>: <c>$2a$10$</c>, the 16-byte salt and the first 23
    /// bytes of the hash in bcrypt's base64. The key is the password and a NUL; Blowfish reads at most 72 bytes of it.
    /// </summary>
    internal static string Bcrypt(byte[] password, byte[] salt, int cost = 10)
    {
        var key = new byte[Math.Min(password.Length + 1, 72)];
        password.AsSpan(0, Math.Min(password.Length, key.Length)).CopyTo(key);
        var hash = BCrypt.Generate(key, salt, cost);
        return $"$2a${cost:D2}$" + BcryptBase64(salt) + BcryptBase64(hash.AsSpan(0, 23).ToArray());
    }

    private static string BcryptBase64(byte[] bytes)
    {
        var std = Convert.ToBase64String(bytes).TrimEnd('=');
        var sb = new StringBuilder(std.Length);
        foreach (var ch in std) sb.Append(BcryptAlphabet[StdAlphabet.IndexOf(ch, StringComparison.Ordinal)]);
        return sb.ToString();
    }

    private static object? RandBytes(TemplateCall c)
    {
        var count = c.Exactly(1).Int(0);
        if (count < 0) throw new TemplateFunctionException("runtime error: makeslice: len out of range");
        c.EnsureFits((count + 2) / 3 * 4);
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(checked((int)count)));
    }

    /// <summary>The key of sprig's AES functions: the password's bytes, cut or zero-padded to 32 (AES-256).</summary>
    private static byte[] AesKey(string password)
    {
        var key = new byte[32];
        var bytes = Bytes(password);
        bytes.AsSpan(0, Math.Min(32, bytes.Length)).CopyTo(key);
        return key;
    }

    /// <summary>sprig's <c>encryptAES</c>: AES-256-CBC, PKCS#7 padding, a random IV before the ciphertext, base64.</summary>
    private static string EncryptAes(string password, string plaintext)
    {
        if (plaintext.Length == 0) return "";
        using var aes = Aes.Create();
        aes.Key = AesKey(password);
        var iv = RandomNumberGenerator.GetBytes(16);
        var cipher = aes.EncryptCbc(Bytes(plaintext), iv, PaddingMode.PKCS7);
        return Convert.ToBase64String([.. iv, .. cipher]);
    }

    /// <summary>
    /// sprig's <c>decryptAES</c>: the reverse, and as lax: the padding length is the last byte, unchecked. Inputs on
    /// which Go panics fail with the message of Go's panic (text/template turns a panic into the call's error).
    /// </summary>
    private static string DecryptAes(string password, string crypt64)
    {
        if (crypt64.Length == 0) return "";
        var (crypt, error) = GoBase64.Decode64(Bytes(crypt64));
        if (error is not null) throw new TemplateFunctionException(error);
        if (crypt.Length < 16) throw new TemplateFunctionException($"runtime error: slice bounds out of range [:16] with capacity {crypt.Length}");
        if ((crypt.Length - 16) % 16 != 0) throw new TemplateFunctionException("crypto/cipher: input not full blocks");
        if (crypt.Length == 16) throw new TemplateFunctionException("runtime error: index out of range [-1]");
        using var aes = Aes.Create();
        aes.Key = AesKey(password);
        var plain = aes.DecryptCbc(crypt.AsSpan(16), crypt.AsSpan(0, 16), PaddingMode.None);
        var keep = plain.Length - plain[^1];
        if (keep < 0) throw new TemplateFunctionException($"runtime error: slice bounds out of range [:{keep}]");
        return Text(plain[..keep]);
    }

    private static readonly Dictionary<string, string[]> PasswordTemplates = new(StringComparer.Ordinal)
    {
        ["maximum"] = ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        ["long"] =
        [
            "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
            "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
            "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno",
        ],
        ["medium"] = ["CvcnoCvc", "CvcCvcno"],
        ["short"] = ["Cvcn"],
        ["basic"] = ["aaanaaan", "aannaaan", "aaannaaa"],
        ["pin"] = ["nnnn"],
    };

    private static readonly Dictionary<char, string> TemplateCharacters = new()
    {
        ['V'] = "AEIOU",
        ['C'] = "BCDFGHJKLMNPQRSTVWXYZ",
        ['v'] = "aeiou",
        ['c'] = "bcdfghjklmnpqrstvwxyz",
        ['A'] = "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        ['a'] = "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        ['n'] = "0123456789",
        ['o'] = "@&%?,=[]_:-+*$#!'^~;()/.",
        ['x'] = "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    };

    /// <summary>
    /// sprig's <c>derivePassword COUNTER TYPE PASSWORD USER SITE</c>, the Master Password algorithm (v3): scrypt of the
    /// password salted with the seed and the user (N=32768, r=8, p=2, 64 bytes), then HMAC-SHA256 of the seed, the site
    /// and the counter picks a template and its characters. Deterministic: the result matches Go byte for byte.
    /// </summary>
    private static object? DerivePassword(TemplateCall c)
    {
        c.Exactly(5);
        var counter = c.UInt32(0);
        var type = c.String(1);
        var (password, user, site) = (Bytes(c.String(2)), Bytes(c.String(3)), Bytes(c.String(4)));
        if (!PasswordTemplates.TryGetValue(type, out var templates)) return $"cannot find password template {type}";
        var seed = "com.lyndir.masterpassword"u8.ToArray();
        var key = SCrypt.Generate(password, [.. seed, .. BigEndian((uint)user.Length), .. user], 32768, 8, 2, 64);
        var mac = HMACSHA256.HashData(key, (byte[])[.. seed, .. BigEndian((uint)site.Length), .. site, .. BigEndian(counter)]);
        var template = templates[mac[0] % templates.Length];
        var sb = new StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var chars = TemplateCharacters[template[i]];
            sb.Append(chars[mac[i + 1] % chars.Length]);
        }
        return sb.ToString();
    }

    private static byte[] BigEndian(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }
}
