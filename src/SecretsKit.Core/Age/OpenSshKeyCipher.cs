using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>
/// How an <c>openssh-key-v1</c> private section is encrypted (OpenSSH's PROTOCOL.key): the key and IV come from the
/// passphrase by <see cref="BcryptPbkdf"/> (kdf <c>bcrypt</c>, options: salt and rounds), the cipher is AES in CTR
/// mode (<c>aes256-ctr</c>, ssh-keygen's default since 7.8, and the 128/192-bit forms) or CBC (<c>aes*-cbc</c>).
/// The AEAD ciphers (<c>aes*-gcm@openssh.com</c>, <c>chacha20-poly1305@openssh.com</c>) are refused by name.
/// </summary>
internal sealed class OpenSshKeyCipher
{
    private readonly byte[] _salt;
    private readonly int _rounds;
    private readonly int _keyBytes;
    private readonly bool _ctr;

    public OpenSshKeyCipher(string cipher, string kdf, byte[] kdfOptions)
    {
        (_keyBytes, _ctr) = cipher switch
        {
            "aes256-ctr" => (32, true),
            "aes192-ctr" => (24, true),
            "aes128-ctr" => (16, true),
            "aes256-cbc" => (32, false),
            "aes192-cbc" => (24, false),
            "aes128-cbc" => (16, false),
            _ => throw new AgeException($"unsupported SSH key cipher '{Echo(cipher)}' (supported: aes256-ctr, ssh-keygen's default, aes128/192-ctr, aes*-cbc); "
                + "change it with ssh-keygen -p -Z aes256-ctr"),
        };
        if (kdf != "bcrypt") throw new AgeException($"unsupported SSH key KDF '{Echo(kdf)}' (supported: bcrypt)");
        var options = new SshWire(kdfOptions);
        _salt = options.ReadString();
        var rounds = options.ReadUInt32();
        // ssh-keygen writes 16 by default (-a); far more would take minutes
        if (rounds is 0 or > 10_000) throw new AgeException($"malformed SSH key: bcrypt rounds {rounds} out of range (1 to 10000)");
        _rounds = (int)rounds;
    }

    /// <summary>Decrypts the private section; a wrong passphrase shows as differing check words, which the caller tests.</summary>
    public byte[] Decrypt(string passphrase, byte[] section)
    {
        if (section.Length % 16 != 0) throw new AgeException("malformed SSH key: encrypted section is not a whole number of blocks");
        var password = Encoding.UTF8.GetBytes(passphrase);
        var material = BcryptPbkdf.Derive(password, _salt, _rounds, _keyBytes + 16);
        CryptographicOperations.ZeroMemory(password);
        try
        {
            using var aes = Aes.Create();
            aes.Key = material.AsSpan(0, _keyBytes).ToArray();
            var iv = material.AsSpan(_keyBytes, 16);
            return _ctr ? Ctr(aes, iv, section) : aes.DecryptCbc(section, iv, PaddingMode.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>AES-CTR with a 128-bit big-endian counter starting at <paramref name="iv"/> (OpenSSH's cipher-ctr).</summary>
    private static byte[] Ctr(Aes aes, ReadOnlySpan<byte> iv, byte[] input)
    {
        var counter = iv.ToArray();
        var counters = new byte[input.Length];
        for (var at = 0; at < input.Length; at += 16)
        {
            counter.CopyTo(counters, at);
            Increment(counter);
        }
        var stream = aes.EncryptEcb(counters, PaddingMode.None);
        for (var i = 0; i < input.Length; i++) stream[i] ^= input[i];
        return stream;
    }

    private static void Increment(byte[] counter)
    {
        for (var i = counter.Length - 1; i >= 0; i--)
        {
            if (++counter[i] != 0) return;
        }
    }

    private static string Echo(string name) => name.Length > 40 ? name[..40] + "…" : name;
}
