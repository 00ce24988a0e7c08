using System.Text;
using Azure;
using SecretsKit.Core.Stores;
using KeyVaultSecret = Azure.Security.KeyVault.Secrets.KeyVaultSecret;

namespace SecretsKit.Cloud.Azure;

/// <summary>
/// PushSecret writes: <c>SetSecret</c> adds a new version (only when the value changed), delete starts Key Vault's
/// (soft) delete and does not wait for it. Key Vault keeps tags per version: every version the agent writes carries
/// <c>managed-by: secretskit</c> (with the current version's other tags), and a secret whose current version lacks it
/// is never written or deleted (<see cref="PushOwnership"/>).
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
        var current = await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false);
        if (current is not null && !PushOwnership.IsManaged(current.Properties.Tags.AsReadOnly()))
        {
            throw PushOwnership.NotManaged(Provider, reference.RemoteKey);
        }
        await WriteAsync(reference.RemoteKey, current, PushValues.Merge(Value(current), reference.Property, value), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var current = await CurrentAsync(reference.RemoteKey, cancellationToken).ConfigureAwait(false);
        // absent, or someone else's (no managed-by tag on the current version): never deleted
        if (current is null || !PushOwnership.IsManaged(current.Properties.Tags.AsReadOnly())) return;
        if (reference.Property is { } property && PushValues.Remove(Value(current), property) is { } rest)
        {
            await WriteAsync(reference.RemoteKey, current, rest, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Writes <paramref name="updated"/> as a new version unless it equals the current value; the version keeps the current tags plus the mark.</summary>
    private async Task WriteAsync(string name, KeyVaultSecret? current, byte[] updated, CancellationToken cancellationToken)
    {
        if (Value(current) is { } existing && existing.AsSpan().SequenceEqual(updated)) return;
        var secret = new KeyVaultSecret(name, Encoding.UTF8.GetString(updated));
        foreach (var (key, tag) in current?.Properties.Tags ?? new Dictionary<string, string>()) secret.Properties.Tags[key] = tag;
        secret.Properties.Tags[PushOwnership.Key] = PushOwnership.Value;
        try
        {
            await _client.SetSecretAsync(secret, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error)
        {
            throw Failure($"writing secret '{name}'", error);
        }
    }

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
