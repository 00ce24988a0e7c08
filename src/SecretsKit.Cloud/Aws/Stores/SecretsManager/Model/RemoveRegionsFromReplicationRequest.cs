namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>RemoveRegionsFromReplication</c>: replica regions whose copies are deleted.</summary>
public sealed class RemoveRegionsFromReplicationRequest
{
    public string SecretId { get; set; } = "";

    public List<string> RemoveReplicaRegions { get; set; } = [];
}
