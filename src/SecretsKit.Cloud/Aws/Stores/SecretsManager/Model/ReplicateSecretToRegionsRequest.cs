namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>ReplicateSecretToRegions</c>: replicas added to an existing secret.</summary>
public sealed class ReplicateSecretToRegionsRequest
{
    public string SecretId { get; set; } = "";

    public List<ReplicaRegionType> AddReplicaRegions { get; set; } = [];
}
