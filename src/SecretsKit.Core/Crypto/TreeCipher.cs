using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// Walks a tree encrypting or decrypting every value the crypt rules select (AAD = key path + ':'), and computes the
/// MAC over the plaintext values in walk order (spec §2–§4).
/// </summary>
public static class TreeCipher
{
    /// <summary>Encrypts the values selected by <paramref name="rules"/>; returns the encrypted tree and the MAC hex.</summary>
    public static CipherWalkResult Encrypt(SopsTree plain, byte[] dataKey, CryptRules rules, bool macOnlyEncrypted, IvStash? stash = null) =>
        throw new NotImplementedException();

    /// <summary>Decrypts every <c>ENC[…]</c> value (exit 25 on failure); returns the plaintext tree and the MAC hex.</summary>
    public static CipherWalkResult Decrypt(SopsTree encrypted, byte[] dataKey, CryptRules rules, bool macOnlyEncrypted, IvStash? stash = null) =>
        throw new NotImplementedException();

    /// <summary>Encrypts the MAC hex as a <c>str</c> value with AAD = <paramref name="lastModified"/>.</summary>
    public static string EncryptMac(string macHex, byte[] dataKey, string lastModified) =>
        throw new NotImplementedException();

    /// <summary>Decrypts the stored MAC; "" when the file has none. Throws <see cref="Errors.MacMismatchException"/> when it cannot be decrypted.</summary>
    public static string DecryptMac(string encryptedMac, byte[] dataKey, string lastModified) =>
        throw new NotImplementedException();
}
