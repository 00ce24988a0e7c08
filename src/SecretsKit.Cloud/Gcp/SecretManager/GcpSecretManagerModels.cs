using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Gcp.SecretManager;

// The Secret Manager v1 JSON shapes, serialized through GcpSecretManagerJsonContext (one family per file).

/// <summary>A secret payload: base64 data and its CRC32C as a decimal int64 string.</summary>
internal sealed record GcpSecretPayload(
    [property: JsonPropertyName("data")] string? Data,
    [property: JsonPropertyName("dataCrc32c")] string? DataCrc32C);

internal sealed record GcpAccessSecretVersionResponse(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("payload")] GcpSecretPayload? Payload);

internal sealed record GcpAddSecretVersionRequest([property: JsonPropertyName("payload")] GcpSecretPayload Payload);

internal sealed record GcpSecretVersion(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("state")] string? State);

/// <summary>A secret resource (only the fields used). Regional secrets have no <c>replication</c>.</summary>
internal sealed record GcpSecret(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("labels")] Dictionary<string, string>? Labels,
    [property: JsonPropertyName("replication")] GcpReplication? Replication);

internal sealed record GcpReplication([property: JsonPropertyName("automatic")] GcpAutomaticReplication? Automatic);

internal sealed record GcpAutomaticReplication;

internal sealed record GcpListSecretsResponse(
    [property: JsonPropertyName("secrets")] List<GcpSecret>? Secrets,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken);

internal sealed record GcpEmpty;
