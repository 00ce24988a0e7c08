using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Gcp.Auth;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GcpEncryptRequest))]
[JsonSerializable(typeof(GcpEncryptResponse))]
[JsonSerializable(typeof(GcpDecryptRequest))]
[JsonSerializable(typeof(GcpDecryptResponse))]
[JsonSerializable(typeof(GcpErrorEnvelope))]
[JsonSerializable(typeof(GcpTokenResponse))]
[JsonSerializable(typeof(GcpCredentialsFile))]
[JsonSerializable(typeof(JwtHeader))]
[JsonSerializable(typeof(JwtClaims))]
internal sealed partial class GcpJsonContext : JsonSerializerContext;
