namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>CreateSecret</c>: name, the first value (string or binary), tags, description, KMS key and replica regions.</summary>
public sealed class CreateSecretRequest
{
    public string Name { get; set; } = "";

    public string? ClientRequestToken { get; set; }

    public string? Description { get; set; }

    public string? KmsKeyId { get; set; }

    public string? SecretString { get; set; }

    public byte[]? SecretBinary { get; set; }

    public List<Tag>? Tags { get; set; }

    public List<ReplicaRegionType>? AddReplicaRegions { get; set; }
}
