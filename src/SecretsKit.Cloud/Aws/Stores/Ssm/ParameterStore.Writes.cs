using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.Ssm.Model;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.Ssm;

/// <summary>
/// PushSecret writes, as ESO's Parameter Store provider makes them: a missing parameter is created with the entry's
/// <c>metadata</c> (<see cref="ParameterStorePushSpec"/>) and its tags, always <c>managed-by: secretskit</c>, without
/// <c>Overwrite</c>; an existing one is written only when it carries that tag (<c>ListTagsForResource</c>): a new
/// version with <c>Overwrite</c> when the value changed, then its tags brought to the metadata (keys not named removed,
/// new or changed ones added, the marker kept). A whole Secret is pushed as a JSON object of base64 values, or of the
/// values as text with <c>encodeAsDecoded</c>; a property is set in the parameter's JSON object (<see cref="PushValues"/>).
/// Delete removes only a managed parameter (or its property).
/// </summary>
public sealed partial class ParameterStore : ISecretStoreWriter
{
    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(await CurrentAsync(reference.RemoteKey, cancellationToken) is { } p ? Encoding.UTF8.GetBytes(p.Value ?? "") : null, reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(value);
        var push = ParameterStorePushSpec.Parse(reference.Metadata, Provider);
        var name = reference.RemoteKey;
        if (reference.WholeSecret && !push.EncodeAsDecoded) value = Base64Values(value);
        var existing = await CurrentAsync(name, cancellationToken);
        var text = Encoding.UTF8.GetString(PushValues.Merge(existing is null ? null : Encoding.UTF8.GetBytes(existing.Value ?? ""), reference.Property, value));
        var request = new PutParameterRequest
        {
            Name = name,
            Value = text,
            Type = push.Type,
            Description = push.Description,
            KeyId = push.Type == "SecureString" ? push.KmsKeyId : null,
            Tier = push.Advanced ? "Advanced" : null,
            Policies = push.Advanced ? push.AdvancedPolicies : null,
        };
        if (existing is null)
        {
            request.Tags = SsmTags(push);
            request.Overwrite = false;
            await client.PutParameterAsync(request, cancellationToken);
            return;
        }
        var tags = await TagsAsync(name, cancellationToken);
        if (!PushOwnership.IsManaged(tags)) throw PushOwnership.NotManaged(Provider, name);
        if (existing.Value != text)
        {
            request.Overwrite = true;
            await client.PutParameterAsync(request, cancellationToken);
        }
        if (AwsPushTags.Removed(tags, push.Tags) is { Count: > 0 } removed)
        {
            await client.RemoveTagsFromResourceAsync(new ResourceTagsRequest { ResourceId = name, TagKeys = removed }, cancellationToken);
        }
        if (AwsPushTags.Changed(tags, push.Tags))
        {
            await client.AddTagsToResourceAsync(new ResourceTagsRequest { ResourceId = name, Tags = SsmTags(push) }, cancellationToken);
        }
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.RemoteKey;
        // absent, or someone else's (no managed-by tag): never deleted
        if (await CurrentAsync(name, cancellationToken) is not { } existing || !PushOwnership.IsManaged(await TagsAsync(name, cancellationToken))) return;
        if (reference.Property is { } property && PushValues.Remove(Encoding.UTF8.GetBytes(existing.Value ?? ""), property) is { } rest)
        {
            await client.PutParameterAsync(new PutParameterRequest { Name = name, Value = Encoding.UTF8.GetString(rest), Type = existing.Type, Overwrite = true }, cancellationToken);
            return;
        }
        try
        {
            await client.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorType == "ParameterNotFound")
        {
            // already gone
        }
    }

    private static List<Tag> SsmTags(ParameterStorePushSpec push) => [.. AwsPushTags.Ordered(push.Tags).Select(t => new Tag { Key = t.Key, Value = t.Value })];

    /// <summary>The parameter, decrypted, or null when it does not exist.</summary>
    private async Task<Parameter?> CurrentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken)).Parameter;
        }
        catch (AwsServiceException e) when (e.ErrorType == "ParameterNotFound")
        {
            return null;
        }
    }

    private async Task<Dictionary<string, string>> TagsAsync(string name, CancellationToken cancellationToken)
    {
        var listed = await client.ListTagsForResourceAsync(new ResourceTagsRequest { ResourceId = name }, cancellationToken);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in listed.TagList ?? []) tags[tag.Key] = tag.Value;
        return tags;
    }

    /// <summary>ESO's default for a whole Secret: each value base64-encoded (as Go encodes <c>[]byte</c> in JSON).</summary>
    private static byte[] Base64Values(byte[] bundle)
    {
        var decoded = JsonNode.Parse(bundle) as JsonObject ?? throw new JsonException("the pushed Secret is not a JSON object");
        var encoded = new JsonObject();
        foreach (var (key, item) in decoded) encoded[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(item?.GetValue<string>() ?? ""));
        return Encoding.UTF8.GetBytes(encoded.ToJsonString());
    }
}
