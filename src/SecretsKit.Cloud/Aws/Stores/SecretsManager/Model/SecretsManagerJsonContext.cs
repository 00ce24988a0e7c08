using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Source-generated (AOT) serialization of the Secrets Manager wire shapes; AWS names are the property names.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
[JsonSerializable(typeof(BatchGetSecretValueRequest))]
[JsonSerializable(typeof(BatchGetSecretValueResponse))]
[JsonSerializable(typeof(ListSecretsRequest))]
[JsonSerializable(typeof(ListSecretsResponse))]
[JsonSerializable(typeof(CreateSecretRequest))]
[JsonSerializable(typeof(PutSecretValueRequest))]
[JsonSerializable(typeof(DeleteSecretRequest))]
[JsonSerializable(typeof(SecretWriteResponse))]
[JsonSerializable(typeof(DescribeSecretRequest))]
[JsonSerializable(typeof(SecretListEntry))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(PutResourcePolicyRequest))]
[JsonSerializable(typeof(ResourcePolicyResponse))]
[JsonSerializable(typeof(ReplicateSecretToRegionsRequest))]
[JsonSerializable(typeof(RemoveRegionsFromReplicationRequest))]
internal sealed partial class SecretsManagerJsonContext : JsonSerializerContext;
