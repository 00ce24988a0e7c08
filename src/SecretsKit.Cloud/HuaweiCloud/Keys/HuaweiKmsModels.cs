using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

/// <summary><c>POST /v1.0/{project_id}/kms/encrypt-data</c> body, as sops sends it (<c>SYMMETRIC_DEFAULT</c>).</summary>
internal sealed record HuaweiEncryptDataRequest(
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("plain_text")] string PlainText,
    [property: JsonPropertyName("encryption_algorithm")] string EncryptionAlgorithm);

internal sealed record HuaweiEncryptDataResponse(
    [property: JsonPropertyName("key_id")] string? KeyId,
    [property: JsonPropertyName("cipher_text")] string? CipherText);

/// <summary><c>POST /v1.0/{project_id}/kms/decrypt-data</c> body.</summary>
internal sealed record HuaweiDecryptDataRequest(
    [property: JsonPropertyName("cipher_text")] string CipherText,
    [property: JsonPropertyName("encryption_algorithm")] string EncryptionAlgorithm,
    [property: JsonPropertyName("key_id")] string KeyId);

internal sealed record HuaweiDecryptDataResponse(
    [property: JsonPropertyName("key_id")] string? KeyId,
    [property: JsonPropertyName("plain_text")] string? PlainText);

/// <summary>An error reply: KMS wraps it in <c>error</c>; the API gateway (signature, throttling) puts the fields at the top.</summary>
internal sealed record HuaweiErrorReply(
    [property: JsonPropertyName("error")] HuaweiErrorReply? Error,
    [property: JsonPropertyName("error_code")] string? ErrorCode);
