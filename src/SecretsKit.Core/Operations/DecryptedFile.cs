using SecretsKit.Core.Crypto;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Operations;

/// <summary>
/// A decrypted file: its plaintext tree, its metadata, the data key and the IV stash for a byte-stable re-encrypt.
/// The stash of a decrypted file is only built when first asked for (edit/set/rotate re-encrypt; a plain decrypt never
/// does), so decrypting does not copy every plaintext and IV.
/// </summary>
public sealed record DecryptedFile(SopsTree Plain, SopsMetadata Metadata, byte[] DataKey)
{
    // Empty for a new file (nothing to keep stable); see the constructor taking a builder for a decrypted one.
    private readonly Lazy<IvStash> _stash = new(() => new IvStash());

    /// <param name="stash">Builds the stash on first use of <see cref="Stash"/> (called at most once).</param>
    internal DecryptedFile(SopsTree plain, SopsMetadata metadata, byte[] dataKey, Func<IvStash> stash)
        : this(plain, metadata, dataKey)
    {
        _stash = new Lazy<IvStash>(stash, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>(plaintext, AAD) → IV of every value as it was decrypted.</summary>
    public IvStash Stash => _stash.Value;

    /// <summary>True once <see cref="Stash"/> has been built.</summary>
    internal bool StashBuilt => _stash.IsValueCreated;

    public override string ToString() => $"DecryptedFile({Plain.Branches.Count} documents)";
}
