namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Output of <c>CreateSecret</c>, <c>PutSecretValue</c> and <c>DeleteSecret</c> (the fields used).</summary>
public sealed class SecretWriteResponse
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? VersionId { get; set; }
}
