namespace SecretsKit.Core.Operations;

/// <summary>What <see cref="PlaintextScanner"/> looks at beyond plaintext that a creation rule covers.</summary>
/// <param name="Staged">scan the content staged in the git index (a pre-commit hook), not the work tree.</param>
/// <param name="DecSuffix">the suffix of decrypted copies next to their encrypted file (<c>HELM_SECRETS_DEC_SUFFIX</c>).</param>
/// <param name="Decrypt">
/// decrypts an encrypted file's content (its path names the format) to the plaintext <c>decrypt</c> would print, or
/// null when it cannot (no key): files equal to such a plaintext are reported as decrypted copies.
/// </param>
/// <param name="All">report every plaintext file a creation rule matches, not only those that look like secrets.</param>
/// <param name="Flux">
/// every encrypted manifest a creation rule matches is for Flux's kustomize-controller: report one it would not decrypt
/// (<see cref="FluxDecryption"/>); a rule's <c>scan: {flux: true}</c> asks the same for its files.
/// </param>
/// <param name="MaxFiles">
/// most files read below a directory outside a git work tree (a work tree's tracked files are all read): more is a
/// finding of its own, so a scan that did not look everywhere never passes.
/// </param>
public sealed record ScanOptions(
    bool Staged = false,
    string DecSuffix = ".dec",
    Func<string, byte[], CancellationToken, Task<byte[]?>>? Decrypt = null,
    bool All = false,
    bool Flux = false,
    int MaxFiles = ScanOptions.DefaultMaxFiles)
{
    /// <summary>The file budget of a scan outside git: far above a chart repository, far below a home directory.</summary>
    public const int DefaultMaxFiles = 50_000;
}
