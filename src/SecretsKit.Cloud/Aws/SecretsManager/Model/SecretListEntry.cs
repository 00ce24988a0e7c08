namespace SecretsKit.Cloud.Aws.SecretsManager.Model;

/// <summary>One secret's metadata (no value): an entry of a <c>ListSecrets</c> answer, or the <c>DescribeSecret</c> answer.</summary>
public sealed class SecretListEntry
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<Tag>? Tags { get; set; }

    public double? LastChangedDate { get; set; }

    public double? CreatedDate { get; set; }
}
