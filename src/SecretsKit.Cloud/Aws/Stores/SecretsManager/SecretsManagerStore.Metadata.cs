using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.SecretsManager;

/// <summary>
/// How an existing managed secret is brought to a PushSecret entry's metadata, as ESO does it on each push: tags (only
/// when the metadata names some: keys not named are removed, new or changed ones set, the ownership marker kept),
/// the resource policy (put when it differs as JSON, deleted when the metadata has none), replica regions (only when
/// the metadata lists them: regions added and removed to match). The description and KMS key are set at creation only.
/// </summary>
public sealed partial class SecretsManagerStore
{
    /// <summary>Where a <c>resourcePolicy.policySourceRef</c> is read (the agent's Kubernetes reader); null: refused.</summary>
    public IStoreCredentials? PolicySources { get; init; }

    /// <summary>True for a ClusterSecretStore: policy references are read in the PushSecret's namespace (<see cref="PushRef.Namespace"/>).</summary>
    public bool ClusterStore { get; init; }

    private async Task PatchTagsAsync(string name, SecretListEntry described, SecretsManagerPushSpec push, CancellationToken cancellationToken)
    {
        if (!push.TagsGiven) return;
        var current = TagMap(described);
        if (AwsPushTags.Removed(current, push.Tags) is { Count: > 0 } removed)
        {
            await client.UntagResourceAsync(new UntagResourceRequest { SecretId = name, TagKeys = removed }, cancellationToken);
        }
        if (AwsPushTags.Changed(current, push.Tags))
        {
            await client.TagResourceAsync(new TagResourceRequest
            {
                SecretId = name, Tags = [.. AwsPushTags.Ordered(push.Tags).Select(t => new Tag { Key = t.Key, Value = t.Value })],
            }, cancellationToken);
        }
    }

    private async Task ManageResourcePolicyAsync(string name, string? ns, SecretsManagerPushSpec push, CancellationToken cancellationToken)
    {
        var policy = push.ResourcePolicy is { } source ? await PolicyTextAsync(source, ns, cancellationToken) : "";
        if (policy.Length == 0)
        {
            try
            {
                await client.DeleteResourcePolicyAsync(new DescribeSecretRequest { SecretId = name }, cancellationToken);
            }
            catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
            {
                // no policy to remove
            }
            return;
        }
        string? current;
        try
        {
            current = (await client.GetResourcePolicyAsync(new DescribeSecretRequest { SecretId = name }, cancellationToken)).ResourcePolicy;
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceNotFoundException")
        {
            current = null;
        }
        if (current is not null && JsonNode.DeepEquals(ParsePolicy(current), ParsePolicy(policy))) return;
        await client.PutResourcePolicyAsync(new PutResourcePolicyRequest
        {
            SecretId = name, ResourcePolicy = policy, BlockPublicPolicy = push.ResourcePolicy!.BlockPublicPolicy,
        }, cancellationToken);
    }

    private async Task ManageReplicationAsync(string name, SecretListEntry described, SecretsManagerPushSpec push, CancellationToken cancellationToken)
    {
        if (push.ReplicationLocations is not { } desired) return;
        var existing = (described.ReplicationStatus ?? []).Select(r => r.Region ?? "").ToList();
        var removed = existing.Except(desired, StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            await client.RemoveRegionsFromReplicationAsync(new RemoveRegionsFromReplicationRequest { SecretId = name, RemoveReplicaRegions = removed }, cancellationToken);
        }
        var added = desired.Except(existing, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            await client.ReplicateSecretToRegionsAsync(new ReplicateSecretToRegionsRequest
            {
                SecretId = name, AddReplicaRegions = [.. added.Select(r => new ReplicaRegionType { Region = r, KmsKeyId = described.KmsKeyId })],
            }, cancellationToken);
        }
    }

    /// <summary>The policy JSON a <c>policySourceRef</c> names: one key of a ConfigMap or Secret of the PushSecret's namespace.</summary>
    private async Task<string> PolicyTextAsync(SecretsManagerPushSpec.PolicySource source, string? ns, CancellationToken cancellationToken)
    {
        const string field = "metadata.resourcePolicy.policySourceRef";
        if (source.Name is null && source.Kind is null && source.Key is null)
        {
            throw new StoreConfigException($"{Provider}: failed to resolve resource policy: policySourceRef is nil");
        }
        if (source.Kind is not ("ConfigMap" or "Secret"))
        {
            throw new StoreConfigException($"{Provider}: failed to resolve resource policy: unsupported PolicySourceRef kind \"{Clip(source.Kind)}\" (must be ConfigMap or Secret)");
        }
        if (PolicySources is null) throw new StoreConfigException($"{Provider}: {field}: ConfigMaps and Secrets are not available here");
        var selector = new JsonObject { ["name"] = source.Name, ["key"] = source.Key };
        if (ClusterStore && ns is not null) selector["namespace"] = ns;
        var text = source.Kind == "ConfigMap"
            ? await PolicySources.ReadConfigMapAsync(selector, field, cancellationToken)
            : await PolicySources.ReadAsync(selector, field, cancellationToken);
        if (text.Length > 0) ParsePolicy(text);
        return text;
    }

    private JsonNode? ParsePolicy(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw new StoreConfigException($"{Provider}: failed to unmarshal resource policy: not JSON");
        }
    }

    private static string Clip(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}
