namespace SecretsKit.Core.Stores;

/// <summary>
/// Write side of a secret backend (PushSecret). A <see cref="PushRef.Property"/> writes or removes one field of a
/// JSON object secret and leaves its other fields alone; without one the whole secret is written or deleted.
/// </summary>
public interface ISecretStoreWriter
{
    /// <summary>True when the secret (and, with a property, that field) exists.</summary>
    Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default);

    /// <summary>Creates the secret, or adds a new value (version) to it.</summary>
    Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>Deletes the secret (or its property; the secret goes once its last property does). Absent is not an error.</summary>
    Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default);
}
