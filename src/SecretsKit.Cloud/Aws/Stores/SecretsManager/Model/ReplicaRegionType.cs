namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>A region to replicate a secret to, and the KMS key of the replica (null: the region's AWS managed key).</summary>
public sealed class ReplicaRegionType
{
    public string? Region { get; set; }

    public string? KmsKeyId { get; set; }
}
