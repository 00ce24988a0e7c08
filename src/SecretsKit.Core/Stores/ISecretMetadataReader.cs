namespace SecretsKit.Core.Stores;

/// <summary>
/// A secret store that can read a secret's metadata instead of its value (ESO's <c>metadataPolicy: Fetch</c>): Vault KV v2
/// custom metadata, for one. Stores without metadata do not implement it.
/// </summary>
public interface ISecretMetadataReader
{
    /// <summary>The metadata of <paramref name="key"/> as name → text; throws when the secret does not exist.</summary>
    Task<IReadOnlyDictionary<string, string>> GetSecretMetadataAsync(string key, CancellationToken cancellationToken = default);
}
