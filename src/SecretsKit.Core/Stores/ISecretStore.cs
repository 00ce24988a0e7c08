namespace SecretsKit.Core.Stores;

/// <summary>
/// Read side of a secret backend (Vault KV, AWS Secrets Manager / SSM, Azure Key Vault, a SOPS file). Shared by the
/// agent (ExternalSecret) and deploy (<c>ref+…</c>). Throws <see cref="SecretNotFoundException"/> when absent.
/// </summary>
public interface ISecretStore
{
    /// <summary>Provider name for messages (<c>vault</c>, <c>aws-secretsmanager</c>, …).</summary>
    string Provider { get; }

    /// <summary>One secret value; with <see cref="SecretRef.Property"/>, one JSON field of it.</summary>
    Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default);

    /// <summary>A secret whose value is a JSON object (or a key/value map), as key → bytes.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default);

    /// <summary>All secrets matching a name regex, tags or path prefix, as name → bytes.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default);
}
