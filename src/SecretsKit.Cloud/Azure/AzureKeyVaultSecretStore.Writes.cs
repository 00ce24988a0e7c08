using System.Text;
using Azure;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Azure;

/// <summary>
/// PushSecret writes: <c>SetSecret</c> adds a new version (only when the value changed; new secrets are tagged
/// <c>managed-by: secretskit</c>), delete starts Key Vault's (soft) delete and does not wait for it.
/// </summary>
public sealed partial class AzureKeyVaultSecretStore : ISecretStoreWriter
{
    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false), reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var existing = await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false);
        var updated = PushValues.Merge(existing, reference.Property, value);
        if (existing is not null && existing.AsSpan().SequenceEqual(updated)) return;
        var secret = new global::Azure.Security.KeyVault.Secrets.KeyVaultSecret(reference.RemoteKey, Encoding.UTF8.GetString(updated));
        if (existing is null) secret.Properties.Tags[PushOwnership.Key] = PushOwnership.Value;
        try
        {
            await _client.SetSecretAsync(secret, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error)
        {
            throw Failure($"writing secret '{reference.RemoteKey}'", error);
        }
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Property is { } property
            && PushValues.Remove(await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false), property) is { } rest)
        {
            await SetSecretAsync(new PushRef(reference.RemoteKey), rest, cancellationToken).ConfigureAwait(false);
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

    private async Task<byte[]?> CurrentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return Encoding.UTF8.GetBytes((await FetchAsync(name, null, cancellationToken).ConfigureAwait(false)).Value ?? "");
        }
        catch (SecretNotFoundException)
        {
            return null;
        }
    }
}
