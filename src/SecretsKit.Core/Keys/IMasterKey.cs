namespace SecretsKit.Core.Keys;

/// <summary>
/// A key that wraps and unwraps the file's data key (or a Shamir share). Stateless: the wrapped key lives in
/// the <see cref="MasterKeyEntry"/>, not in the key object.
/// </summary>
public interface IMasterKey
{
    /// <summary>The metadata list name: <c>age</c>, <c>pgp</c>, <c>kms</c>, <c>gcp_kms</c>, <c>azure_kv</c>, <c>hc_vault</c>.</summary>
    string KeyType { get; }

    /// <summary>How the key is named to users and de-duplicated (recipient, fingerprint, ARN, URL).</summary>
    string Identifier { get; }

    /// <summary>
    /// The metadata entry that names this key, without <c>enc</c> (with a fresh <c>created_at</c> where the kind writes
    /// one): what a sops key service is sent, and what a wrap through one is stored as.
    /// </summary>
    MasterKeyEntry Describe();

    /// <summary>Wraps <paramref name="payload"/>; returns the complete metadata entry including <c>enc</c>.</summary>
    Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>Unwraps the <c>enc</c> of <paramref name="entry"/>; never throws for "not my key" or unreachable services.</summary>
    Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default);
}
