using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.SecretsManager;

/// <summary>
/// A PushSecret entry's <c>metadata</c> for Secrets Manager, with ESO's defaults: <c>secretPushFormat</c> binary
/// (or string), a description naming the ownership marker, the KMS key <c>alias/aws/secretsmanager</c>, the tags plus
/// <see cref="PushOwnership"/> (which the metadata may not set), an optional resource policy read from a ConfigMap or
/// Secret, and the replica regions. Parsed (and refused) before any call to AWS.
/// </summary>
internal sealed record SecretsManagerPushSpec(
    IReadOnlyDictionary<string, string> Tags,
    bool TagsGiven,
    string Description,
    bool AsString,
    string KmsKeyId,
    SecretsManagerPushSpec.PolicySource? ResourcePolicy,
    IReadOnlyList<string>? ReplicationLocations)
{
    public const string DefaultKmsKeyId = "alias/aws/secretsmanager";

    /// <summary>ESO's <c>resourcePolicy</c>: where the policy JSON is read, and whether AWS must refuse a public one.</summary>
    internal sealed record PolicySource(string? Kind, string? Name, string? Key, bool? BlockPublicPolicy);

    public static SecretsManagerPushSpec Parse(JsonNode? metadata, string provider)
    {
        var spec = PushMetadata.Spec(metadata, provider, "tags", "description", "secretPushFormat", "kmsKeyId", "resourcePolicy", "replicationLocations");
        var format = PushMetadata.Text(spec, "secretPushFormat", provider) is { Length: > 0 } f ? f : "binary";
        if (format is not ("binary" or "string"))
        {
            throw new StoreConfigException($"{provider}: failed to parse metadata: invalid secret push format \"{(format.Length > 64 ? format[..64] + "…" : format)}\" (binary or string)");
        }
        var given = PushMetadata.StringMap(spec, "tags", provider);
        PushMetadata.RefuseOwnershipKey(given, "tags", provider);
        var tags = new Dictionary<string, string>(given, StringComparer.Ordinal) { [PushOwnership.Key] = PushOwnership.Value };
        return new SecretsManagerPushSpec(
            tags,
            given.Count > 0,
            PushMetadata.Text(spec, "description", provider) is { Length: > 0 } d ? d : $"secret '{PushOwnership.Key}:{PushOwnership.Value}'",
            format == "string",
            PushMetadata.Text(spec, "kmsKeyId", provider) is { Length: > 0 } k ? k : DefaultKmsKeyId,
            Policy(spec, provider),
            spec?["replicationLocations"] is null ? null : PushMetadata.StringList(spec, "replicationLocations", provider));
    }

    private static PolicySource? Policy(JsonObject? spec, string provider)
    {
        if (PushMetadata.Nested(spec, "resourcePolicy", provider, "blockPublicPolicy", "policySourceRef") is null) return null;
        PushMetadata.Nested(spec, "resourcePolicy.policySourceRef", provider, "kind", "name", "key");
        return new PolicySource(
            PushMetadata.Text(spec, "resourcePolicy.policySourceRef.kind", provider), PushMetadata.Text(spec, "resourcePolicy.policySourceRef.name", provider),
            PushMetadata.Text(spec, "resourcePolicy.policySourceRef.key", provider), PushMetadata.Flag(spec, "resourcePolicy.blockPublicPolicy", provider));
    }
}
