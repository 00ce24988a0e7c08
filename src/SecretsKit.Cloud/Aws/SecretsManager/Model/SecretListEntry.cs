namespace SecretsKit.Cloud.Aws.SecretsManager.Model;

/// <summary>One secret's metadata in a <c>ListSecrets</c> answer (no value).</summary>
public sealed class SecretListEntry
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<Tag>? Tags { get; set; }

    public double? LastChangedDate { get; set; }

    public double? CreatedDate { get; set; }
}
