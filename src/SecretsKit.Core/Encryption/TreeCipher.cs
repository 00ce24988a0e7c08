using SecretsKit.Core.Errors;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// Walks a tree encrypting or decrypting every value the crypt rules select (AAD = key path + ':'), and computes the
/// MAC over the plaintext values in walk order (spec §2–§4).
/// </summary>
public static class TreeCipher
{
    /// <summary>
    /// Encrypts the values selected by <paramref name="rules"/> (taken literally: pass <see cref="CryptRules.Default"/>
    /// for sops' default); returns the encrypted tree and the MAC hex. With a <paramref name="stash"/>, values unchanged
    /// since they were decrypted keep their IV.
    /// </summary>
    public static CipherWalkResult Encrypt(SopsTree plain, byte[] dataKey, CryptRules rules, bool macOnlyEncrypted, IvStash? stash = null)
    {
        using var cipher = CreateCipher(dataKey, ExitCodes.ErrorEncryptingTree);
        using var walk = new CipherWalk(cipher, CryptRuleMatcher.For(rules), encrypt: true, macOnlyEncrypted, stash);
        var tree = walk.Run(plain);
        return new CipherWalkResult(tree, walk.MacHex());
    }

    /// <summary>
    /// Decrypts every <c>ENC[AES256_GCM,…]</c> value (exit 25 naming the key path on failure) and keeps plaintext values
    /// and comments as they are; returns the plaintext tree and the MAC hex. The rules decide which values count toward
    /// the MAC when <paramref name="macOnlyEncrypted"/> is set.
    /// </summary>
    public static CipherWalkResult Decrypt(SopsTree encrypted, byte[] dataKey, CryptRules rules, bool macOnlyEncrypted, IvStash? stash = null)
    {
        using var cipher = CreateCipher(dataKey, ExitCodes.ErrorDecryptingTree);
        using var walk = new CipherWalk(cipher, CryptRuleMatcher.For(rules), encrypt: false, macOnlyEncrypted, stash);
        var tree = walk.Run(encrypted);
        return new CipherWalkResult(tree, walk.MacHex());
    }

    /// <summary>Encrypts the MAC hex as a <c>str</c> value with AAD = <paramref name="lastModified"/>.</summary>
    public static string EncryptMac(string macHex, byte[] dataKey, string lastModified)
    {
        using var cipher = CreateCipher(dataKey, ExitCodes.ErrorEncryptingMac);
        return cipher.Encrypt(new StringValue(macHex), lastModified);
    }

    /// <summary>Decrypts the stored MAC; "" when the file has none. Throws <see cref="MacMismatchException"/> when it cannot be decrypted.</summary>
    public static string DecryptMac(string encryptedMac, byte[] dataKey, string lastModified)
    {
        if (string.IsNullOrEmpty(encryptedMac)) return "";
        using var cipher = CreateCipher(dataKey, ExitCodes.MacMismatch);
        if (!cipher.TryDecrypt(encryptedMac, lastModified, stash: null, out var value, out var error))
        {
            throw new MacMismatchException($"cannot decrypt MAC: {error}",
                "the lastmodified value or the mac was changed, or the data key is wrong; --ignore-mac skips the check");
        }
        return value is StringValue s
            ? s.Value
            : throw new MacMismatchException($"cannot decrypt MAC: it holds a {PlaintextCodec.TypeOf(value)} value, not a string");
    }

    private static ValueCipher CreateCipher(byte[] dataKey, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        if (dataKey.Length != 32)
        {
            throw new SecretsKitException(exitCode, $"the data key is {dataKey.Length} bytes; sops data keys are 32 bytes (AES-256)",
                "the key recovered from the master keys is not a sops data key; check the key groups and Shamir threshold");
        }
        return new ValueCipher(dataKey);
    }
}
