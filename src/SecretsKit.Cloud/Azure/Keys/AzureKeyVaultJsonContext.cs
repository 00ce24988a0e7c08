using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Azure.Keys;

[JsonSerializable(typeof(KeyOperationRequest))]
[JsonSerializable(typeof(KeyOperationResult))]
[JsonSerializable(typeof(KeyBundle))]
internal sealed partial class AzureKeyVaultJsonContext : JsonSerializerContext;
