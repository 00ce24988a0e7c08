namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>One secret's metadata (no value): an entry of a <c>ListSecrets</c> answer, or the <c>DescribeSecret</c> answer.</summary>
public sealed class SecretListEntry
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Absent when the secret is encrypted with the AWS managed key <c>aws/secretsmanager</c>.</summary>
    public string? KmsKeyId { get; set; }

    public List<Tag>? Tags { get; set; }

    public Dictionary<string, List<string>>? VersionIdsToStages { get; set; }

    public List<ReplicationStatusType>? ReplicationStatus { get; set; }

    public double? LastChangedDate { get; set; }

    public double? CreatedDate { get; set; }
}
