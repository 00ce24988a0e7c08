using System.Text;
using Azure;
using SecretsKit.Core.Stores;
using KeyVaultSecret = Azure.Security.KeyVault.Secrets.KeyVaultSecret;

namespace SecretsKit.Cloud.Azure.Stores;

/// <summary>
/// PushSecret writes: <c>SetSecret</c> adds a new version (only when the value changed), delete starts Key Vault's
/// (soft) delete and does not wait for it. Key Vault keeps tags per version: every version the agent writes carries
/// <c>managed-by: secretskit</c> and the push metadata's tags, expiry and content type (<see cref="AzurePushMetadata"/>),
/// and a secret whose current version lacks the mark is never written or deleted (<see cref="PushOwnership"/>).
/// </summary>
public sealed partial class AzureKeyVaultSecretStore : ISecretStoreWriter
{
    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(Value(await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false)), reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var metadata = AzurePushMetadata.Read(reference);
        var current = await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false);
        if (current is not null && !PushOwnership.IsManaged(current.Properties.Tags.AsReadOnly()))
        {
            throw PushOwnership.NotManaged(Provider, reference.RemoteKey);
        }
        await WriteAsync(reference.RemoteKey, current, PushValues.Merge(Value(current), reference.Property, value), metadata, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var current = await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false);
        // absent, or someone else's (no managed-by tag on the current version): never deleted
        if (current is null || !PushOwnership.IsManaged(current.Properties.Tags.AsReadOnly())) return;
        if (reference.Property is { } property && PushValues.Remove(Value(current), property) is { } rest)
        {
            await WriteAsync(reference.RemoteKey, current, rest, Kept(current), cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            await _client.StartDeleteSecretAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            // already gone
        }
        catch (RequestFailedException error)
        {
            throw Failure($"deleting secret '{reference.RemoteKey}'", error);
        }
    }

    /// <summary>
    /// Writes <paramref name="updated"/> as a new version unless the current version already holds it with the same
    /// expiry, content type (when the metadata names one) and tags; the version carries the metadata's tags, the
    /// ownership mark, its expiry and its content type (else the current one), as ESO writes it.
    /// </summary>
    private async Task WriteAsync(string name, KeyVaultSecret? current, byte[] updated, AzurePushMetadata metadata, CancellationToken cancellationToken)
    {
        var tags = metadata.VersionTags();
        if (Value(current) is { } existing && existing.AsSpan().SequenceEqual(updated)
            && current!.Properties.ExpiresOn?.ToUnixTimeSeconds() == metadata.ExpiresOn?.ToUnixTimeSeconds()
            && (metadata.ContentType is null || current.Properties.ContentType == metadata.ContentType)
            && current.Properties.Tags.Count == tags.Count && tags.All(t => current.Properties.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
        {
            return;
        }
        var secret = new KeyVaultSecret(name, Encoding.UTF8.GetString(updated));
        foreach (var (key, tag) in tags) secret.Properties.Tags[key] = tag;
        secret.Properties.ContentType = metadata.ContentType ?? current?.Properties.ContentType;
        secret.Properties.ExpiresOn = metadata.ExpiresOn;
        try
        {
            await _client.SetSecretAsync(secret, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error)
        {
            throw Failure($"writing secret '{name}'", error);
        }
    }

    /// <summary>What a delete of one property keeps of the current version: its tags, expiry and content type.</summary>
    private static AzurePushMetadata Kept(KeyVaultSecret current) =>
        new(current.Properties.ExpiresOn, current.Properties.ContentType,
            current.Properties.Tags.Where(t => t.Key != PushOwnership.Key).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    private static byte[]? Value(KeyVaultSecret? secret) => secret is null ? null : Encoding.UTF8.GetBytes(secret.Value ?? "");

    private async Task<KeyVaultSecret?> CurrentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await FetchAsync(name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretNotFoundException)
        {
            return null;
        }
    }
}
