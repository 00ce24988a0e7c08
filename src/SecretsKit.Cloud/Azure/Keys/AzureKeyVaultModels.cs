using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Azure.Keys;

// The Key Vault keys API JSON shapes, serialized through AzureKeyVaultJsonContext (one family per file).

/// <summary>Body of the Key Vault <c>encrypt</c>/<c>decrypt</c> key operations.</summary>
internal sealed record KeyOperationRequest(
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("value")] string Value);

internal sealed record KeyOperationResult(
    [property: JsonPropertyName("kid")] string? KeyId,
    [property: JsonPropertyName("value")] string? Value);

/// <summary>The parts of a Key Vault key bundle we read (<c>key.kid</c>).</summary>
internal sealed record KeyBundle([property: JsonPropertyName("key")] JsonWebKeyRef? Key);

internal sealed record JsonWebKeyRef([property: JsonPropertyName("kid")] string? KeyId);
