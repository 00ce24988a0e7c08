using System.Text;
using SecretsKit.Cloud.Aws.SecretsManager.Model;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.SecretsManager;

/// <summary>
/// PushSecret writes: a missing secret is created (tagged <c>managed-by: secretskit</c>), an existing one gets a new
/// AWSCURRENT value only when it changed and only when it carries that tag (<see cref="PushOwnership"/>, read with
/// <c>DescribeSecret</c>); delete uses the default recovery window, as ESO does, and leaves an untagged secret in place.
/// </summary>
public sealed partial class SecretsManagerStore : ISecretStoreWriter
{
    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(await CurrentAsync(reference.RemoteKey, cancellationToken), reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var managed = await ManagedAsync(reference.RemoteKey, cancellationToken);
        if (managed == false) throw PushOwnership.NotManaged(Provider, reference.RemoteKey);
        var existing = managed is null ? null : await CurrentAsync(reference.RemoteKey, cancellationToken);
        var updated = PushValues.Merge(existing, reference.Property, value);
        if (managed is null)
        {
            await client.CreateSecretAsync(new CreateSecretRequest
            {
                Name = reference.RemoteKey,
                SecretString = Encoding.UTF8.GetString(updated),
                Tags = [new Tag { Key = PushOwnership.Key, Value = PushOwnership.Value }],
            }, cancellationToken);
        }
        else if (existing is null || !existing.AsSpan().SequenceEqual(updated))
        {
            await client.PutSecretValueAsync(new PutSecretValueRequest { SecretId = reference.RemoteKey, SecretString = Encoding.UTF8.GetString(updated) }, cancellationToken);
        }
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        // absent, or someone else's (no managed-by tag): never deleted
        if (await ManagedAsync(reference.RemoteKey, cancellationToken) != true) return;
        if (reference.Property is { } property
            && PushValues.Remove(await CurrentAsync(reference.RemoteKey, cancellationToken), property) is { } rest)
        {
            await client.PutSecretValueAsync(new PutSecretValueRequest { SecretId = reference.RemoteKey, SecretString = Encoding.UTF8.GetString(rest) }, cancellationToken);
            return;
        }
        try
        {
            await client.DeleteSecretAsync(new DeleteSecretRequest { SecretId = reference.RemoteKey }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
        {
            // already gone
        }
    }

    /// <summary>Null when the secret does not exist, else whether its tags carry <see cref="PushOwnership"/>.</summary>
    private async Task<bool?> ManagedAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var described = await client.DescribeSecretAsync(new DescribeSecretRequest { SecretId = name }, cancellationToken);
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in described.Tags ?? [])
            {
                if (tag.Key is { } key) tags[key] = tag.Value ?? "";
            }
            return PushOwnership.IsManaged(tags);
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
        {
            return null;
        }
    }

    private async Task<byte[]?> CurrentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetSecretValueAsync(new GetSecretValueRequest { SecretId = name }, cancellationToken);
            return RawValue(response.SecretString, response.SecretBinary);
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
        {
            return null;
        }
    }
}
