namespace SecretsKit.Core.Crypto;

/// <summary>
/// Remembers (plaintext, AAD) → IV from a decrypt so that re-encrypting an unchanged value with the same data key
/// reproduces its ciphertext (spec §2, "IV stash").
/// </summary>
public sealed class IvStash
{
    // implemented by the cipher work
}
