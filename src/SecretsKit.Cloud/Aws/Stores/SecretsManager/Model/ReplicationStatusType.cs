namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>One replica of a secret, as <c>DescribeSecret</c> reports it.</summary>
public sealed class ReplicationStatusType
{
    public string? Region { get; set; }

    public string? KmsKeyId { get; set; }

    public string? Status { get; set; }
}
