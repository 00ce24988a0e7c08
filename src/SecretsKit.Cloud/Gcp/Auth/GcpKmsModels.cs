using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Gcp.Auth;

// The Cloud KMS, OAuth token and service-account key JSON shapes, serialized through GcpJsonContext (one family per file).

internal sealed record GcpEncryptRequest([property: JsonPropertyName("plaintext")] string Plaintext);

internal sealed record GcpEncryptResponse(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("ciphertext")] string? Ciphertext);

internal sealed record GcpDecryptRequest([property: JsonPropertyName("ciphertext")] string Ciphertext);

internal sealed record GcpDecryptResponse([property: JsonPropertyName("plaintext")] string? Plaintext);

internal sealed record GcpErrorEnvelope([property: JsonPropertyName("error")] GcpError? Error);

internal sealed record GcpError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("status")] string? Status);

/// <summary>An OAuth 2 token endpoint reply (Google's, for the JWT-bearer and refresh-token grants).</summary>
internal sealed record GcpTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("error")] string? Error)
{
    /// <summary>OAuth's <c>error_description</c> (STS says why a subject token was refused).</summary>
    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}

/// <summary>A Google credentials JSON file: <c>service_account</c> or <c>authorized_user</c>.</summary>
internal sealed record GcpCredentialsFile(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("client_email")] string? ClientEmail,
    [property: JsonPropertyName("private_key")] string? PrivateKey,
    [property: JsonPropertyName("private_key_id")] string? PrivateKeyId,
    [property: JsonPropertyName("token_uri")] string? TokenUri,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);

internal sealed record JwtHeader(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("typ")] string Typ,
    [property: JsonPropertyName("kid")] string? Kid);

internal sealed record JwtClaims(
    [property: JsonPropertyName("iss")] string Iss,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("aud")] string Aud,
    [property: JsonPropertyName("iat")] long Iat,
    [property: JsonPropertyName("exp")] long Exp);
