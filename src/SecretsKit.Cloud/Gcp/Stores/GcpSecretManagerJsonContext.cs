using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Gcp.Stores;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GcpAccessSecretVersionResponse))]
[JsonSerializable(typeof(GcpAddSecretVersionRequest))]
[JsonSerializable(typeof(GcpSecretVersion))]
[JsonSerializable(typeof(GcpSecret))]
[JsonSerializable(typeof(GcpListSecretsResponse))]
[JsonSerializable(typeof(GcpEmpty))]
[JsonSerializable(typeof(GcpSecretMetadataUpdate))]
internal sealed partial class GcpSecretManagerJsonContext : JsonSerializerContext;
