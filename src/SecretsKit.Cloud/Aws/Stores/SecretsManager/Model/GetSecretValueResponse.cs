namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Output of <c>GetSecretValue</c>. Exactly one of <see cref="SecretString"/> and <see cref="SecretBinary"/> is set.</summary>
public sealed class GetSecretValueResponse
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? VersionId { get; set; }

    public string? SecretString { get; set; }

    public byte[]? SecretBinary { get; set; }

    public List<string>? VersionStages { get; set; }

    public double? CreatedDate { get; set; }
}
