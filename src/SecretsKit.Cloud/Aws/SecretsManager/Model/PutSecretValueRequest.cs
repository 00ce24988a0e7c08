namespace SecretsKit.Cloud.Aws.SecretsManager.Model;

/// <summary>Input of <c>PutSecretValue</c>: a new AWSCURRENT value of an existing secret.</summary>
public sealed class PutSecretValueRequest
{
    public string SecretId { get; set; } = "";

    public string? SecretString { get; set; }
}
