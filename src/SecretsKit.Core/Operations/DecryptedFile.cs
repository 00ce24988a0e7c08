using SecretsKit.Core.Crypto;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>A decrypted file: its plaintext tree, its metadata, the data key and the IV stash for a byte-stable re-encrypt.</summary>
public sealed record DecryptedFile(SopsTree Plain, SopsMetadata Metadata, byte[] DataKey, IvStash Stash)
{
    public override string ToString() => $"DecryptedFile({Plain.Branches.Count} documents)";
}
