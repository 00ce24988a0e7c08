namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>One value in a <c>BatchGetSecretValue</c> answer.</summary>
public sealed class SecretValueEntry
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? VersionId { get; set; }

    public string? SecretString { get; set; }

    public byte[]? SecretBinary { get; set; }

    public List<string>? VersionStages { get; set; }

    public double? CreatedDate { get; set; }
}
