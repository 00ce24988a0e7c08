using System.Text;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.SecretsManager;

/// <summary>
/// PushSecret writes, as ESO's Secrets Manager provider makes them: a missing secret is created with the entry's
/// <c>metadata</c> (<see cref="SecretsManagerPushSpec"/>: SecretBinary unless <c>secretPushFormat: string</c>, the
/// description, KMS key, tags, replica regions, then the resource policy), always tagged
/// <c>managed-by: secretskit</c>. An existing secret is written only when it carries that tag
/// (<see cref="PushOwnership"/>, read with <c>DescribeSecret</c>): its tags, resource policy and replicas are brought to
/// the metadata (<see cref="SecretsManagerStore.PatchTagsAsync"/>…), then it gets a new AWSCURRENT value only when the
/// value changed. Delete removes the replicas, then the secret with the default recovery window, and leaves an untagged
/// secret in place.
/// </summary>
public sealed partial class SecretsManagerStore : ISecretStoreWriter
{
    /// <summary>The version id ESO gives the first value of a secret it creates.</summary>
    private const string InitialVersion = "00000000-0000-0000-0000-000000000001";

    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(await CurrentAsync(reference.RemoteKey, cancellationToken), reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var push = SecretsManagerPushSpec.Parse(reference.Metadata, Provider);
        var name = reference.RemoteKey;
        var described = await DescribeAsync(name, cancellationToken);
        if (described is null)
        {
            await CreateAsync(name, reference.Namespace, push, PushValues.Merge(null, reference.Property, value), cancellationToken);
            return;
        }
        if (!IsManaged(described)) throw PushOwnership.NotManaged(Provider, name);
        var existing = described.VersionIdsToStages is { Count: > 0 } ? await CurrentAsync(name, cancellationToken) : null;
        var updated = PushValues.Merge(existing, reference.Property, value);
        await PatchTagsAsync(name, described, push, cancellationToken);
        await ManageResourcePolicyAsync(name, reference.Namespace, push, cancellationToken);
        await ManageReplicationAsync(name, described, push, cancellationToken);
        if (existing is not null && existing.AsSpan().SequenceEqual(updated)) return;
        await PutValueAsync(name, push, updated, existing is null ? InitialVersion : Guid.NewGuid().ToString(), cancellationToken);
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.RemoteKey;
        // absent, or someone else's (no managed-by tag): never deleted
        if (await DescribeAsync(name, cancellationToken) is not { } described || !IsManaged(described)) return;
        if (reference.Property is { } property
            && PushValues.Remove(await CurrentAsync(name, cancellationToken), property) is { } rest)
        {
            await PutValueAsync(name, SecretsManagerPushSpec.Parse(reference.Metadata, Provider), rest, Guid.NewGuid().ToString(), cancellationToken);
            return;
        }
        if (described.ReplicationStatus is { Count: > 0 } replicas)
        {
            await client.RemoveRegionsFromReplicationAsync(new RemoveRegionsFromReplicationRequest
            {
                SecretId = name, RemoveReplicaRegions = [.. replicas.Select(r => r.Region ?? "")],
            }, cancellationToken);
        }
        try
        {
            await client.DeleteSecretAsync(new DeleteSecretRequest { SecretId = described.ARN ?? name }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
        {
            // already gone
        }
    }

    private async Task CreateAsync(string name, string? ns, SecretsManagerPushSpec push, byte[] value, CancellationToken cancellationToken)
    {
        // read before anything is written: a policy that cannot be read leaves no half-made secret behind
        var policy = push.ResourcePolicy is { } source ? await PolicyTextAsync(source, ns, cancellationToken) : null;
        var created = await client.CreateSecretAsync(new CreateSecretRequest
        {
            Name = name,
            ClientRequestToken = InitialVersion,
            Description = push.Description,
            KmsKeyId = push.KmsKeyId,
            SecretString = push.AsString ? Encoding.UTF8.GetString(value) : null,
            SecretBinary = push.AsString ? null : value,
            Tags = [.. AwsPushTags.Ordered(push.Tags).Select(t => new Tag { Key = t.Key, Value = t.Value })],
            AddReplicaRegions = push.ReplicationLocations is { Count: > 0 } regions
                ? [.. regions.Select(r => new ReplicaRegionType { Region = r, KmsKeyId = push.KmsKeyId })]
                : null,
        }, cancellationToken);
        if (policy is { Length: > 0 })
        {
            await client.PutResourcePolicyAsync(new PutResourcePolicyRequest
            {
                SecretId = created.ARN ?? name, ResourcePolicy = policy, BlockPublicPolicy = push.ResourcePolicy!.BlockPublicPolicy,
            }, cancellationToken);
        }
    }

    private Task PutValueAsync(string name, SecretsManagerPushSpec push, byte[] value, string token, CancellationToken cancellationToken) =>
        client.PutSecretValueAsync(new PutSecretValueRequest
        {
            SecretId = name,
            ClientRequestToken = token,
            SecretString = push.AsString ? Encoding.UTF8.GetString(value) : null,
            SecretBinary = push.AsString ? null : value,
        }, cancellationToken);

    /// <summary>The secret's metadata (tags, versions, replicas), or null when it does not exist.</summary>
    private async Task<SecretListEntry?> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.DescribeSecretAsync(new DescribeSecretRequest { SecretId = name }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
        {
            return null;
        }
    }

    private static bool IsManaged(SecretListEntry described) => PushOwnership.IsManaged(TagMap(described));

    private static Dictionary<string, string> TagMap(SecretListEntry described)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in described.Tags ?? [])
        {
            if (tag.Key is { } key) tags[key] = tag.Value ?? "";
        }
        return tags;
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
