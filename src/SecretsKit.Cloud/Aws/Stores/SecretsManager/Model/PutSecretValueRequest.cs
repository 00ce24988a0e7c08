namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>PutSecretValue</c>: a new AWSCURRENT value (string or binary) of an existing secret.</summary>
public sealed class PutSecretValueRequest
{
    public string SecretId { get; set; } = "";

    public string? ClientRequestToken { get; set; }

    public string? SecretString { get; set; }

    public byte[]? SecretBinary { get; set; }
}
