using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Gcp.Stores;

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

/// <summary>A secret resource (only the fields used). Regional secrets have no <c>replication</c>; their CMEK key is <c>customerManagedEncryption</c>.</summary>
internal sealed record GcpSecret(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("labels")] Dictionary<string, string>? Labels,
    [property: JsonPropertyName("replication")] GcpReplication? Replication)
{
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("topics")]
    public List<GcpTopic>? Topics { get; init; }

    [JsonPropertyName("customerManagedEncryption")]
    public GcpCustomerManagedEncryption? CustomerManagedEncryption { get; init; }
}

/// <summary>Exactly one of <c>automatic</c> or <c>userManaged</c>.</summary>
internal sealed record GcpReplication(
    [property: JsonPropertyName("automatic")] GcpAutomaticReplication? Automatic,
    [property: JsonPropertyName("userManaged")] GcpUserManagedReplication? UserManaged = null);

internal sealed record GcpAutomaticReplication(
    [property: JsonPropertyName("customerManagedEncryption")] GcpCustomerManagedEncryption? CustomerManagedEncryption = null);

internal sealed record GcpUserManagedReplication([property: JsonPropertyName("replicas")] List<GcpReplica> Replicas);

internal sealed record GcpReplica(
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("customerManagedEncryption")] GcpCustomerManagedEncryption? CustomerManagedEncryption);

internal sealed record GcpCustomerManagedEncryption([property: JsonPropertyName("kmsKeyName")] string KmsKeyName);

/// <summary>A Pub/Sub topic, <c>projects/*/topics/*</c>.</summary>
internal sealed record GcpTopic([property: JsonPropertyName("name")] string Name);

/// <summary>The body of <c>PATCH secrets/S?updateMask=labels,annotations</c>.</summary>
internal sealed record GcpSecretMetadataUpdate(
    [property: JsonPropertyName("labels")] Dictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] Dictionary<string, string> Annotations);

internal sealed record GcpListSecretsResponse(
    [property: JsonPropertyName("secrets")] List<GcpSecret>? Secrets,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken);

internal sealed record GcpEmpty;
