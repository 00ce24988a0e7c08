using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.Ssm;

/// <summary>
/// A PushSecret entry's <c>metadata</c> for Parameter Store, with ESO's defaults: <c>secretType</c> String (or
/// StringList, SecureString), <c>kmsKeyID</c> <c>alias/aws/ssm</c> (sent for a SecureString only), <c>tier.type</c>
/// Standard (an Advanced tier is sent, with its <c>policies</c> as JSON text), <c>encodeAsDecoded</c> (a whole Secret
/// pushed with its values as text instead of base64), a description naming the ownership marker, and the tags plus
/// <see cref="PushOwnership"/> (which the metadata may not set). Parsed (and refused) before any call to AWS.
/// </summary>
internal sealed record ParameterStorePushSpec(
    string Type, string KmsKeyId, string? AdvancedPolicies, bool Advanced, bool EncodeAsDecoded, IReadOnlyDictionary<string, string> Tags, string Description)
{
    public static ParameterStorePushSpec Parse(JsonNode? metadata, string provider)
    {
        var spec = PushMetadata.Spec(metadata, provider, "secretType", "kmsKeyID", "tier", "encodeAsDecoded", "tags", "description");
        var type = PushMetadata.Text(spec, "secretType", provider) is { Length: > 0 } t ? t : "String";
        if (type is not ("String" or "StringList" or "SecureString"))
        {
            throw new StoreConfigException($"{provider}: failed to parse metadata: spec.secretType must be String, StringList or SecureString");
        }
        var tier = PushMetadata.Nested(spec, "tier", provider, "type", "policies");
        var tierType = PushMetadata.Text(spec, "tier.type", provider) is { Length: > 0 } tt ? tt : "Standard";
        if (tierType is not ("Standard" or "Advanced" or "Intelligent-Tiering"))
        {
            throw new StoreConfigException($"{provider}: failed to parse metadata: spec.tier.type must be Standard, Advanced or Intelligent-Tiering");
        }
        var policies = tier?["policies"] is { } p ? p.ToJsonString() : null;
        if (policies is { Length: > PushMetadata.MaxString })
        {
            throw new StoreConfigException($"{provider}: failed to parse metadata: spec.tier.policies is longer than {PushMetadata.MaxString} characters");
        }
        var given = PushMetadata.StringMap(spec, "tags", provider);
        PushMetadata.RefuseOwnershipKey(given, "tags", provider);
        return new ParameterStorePushSpec(
            type,
            PushMetadata.Text(spec, "kmsKeyID", provider) is { Length: > 0 } k ? k : "alias/aws/ssm",
            policies,
            tierType == "Advanced",
            PushMetadata.Flag(spec, "encodeAsDecoded", provider) ?? false,
            new Dictionary<string, string>(given, StringComparer.Ordinal) { [PushOwnership.Key] = PushOwnership.Value },
            PushMetadata.Text(spec, "description", provider) is { Length: > 0 } d ? d : $"secret '{PushOwnership.Key}:{PushOwnership.Value}'");
    }
}
