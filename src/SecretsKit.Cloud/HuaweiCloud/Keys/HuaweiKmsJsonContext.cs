using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HuaweiEncryptDataRequest))]
[JsonSerializable(typeof(HuaweiEncryptDataResponse))]
[JsonSerializable(typeof(HuaweiDecryptDataRequest))]
[JsonSerializable(typeof(HuaweiDecryptDataResponse))]
[JsonSerializable(typeof(HuaweiErrorReply))]
internal sealed partial class HuaweiKmsJsonContext : JsonSerializerContext;
