namespace SecretsKit.Cloud.Aws.SecretsManager.Model;

/// <summary>Input of <c>DescribeSecret</c>: a secret's metadata (tags included), never its value.</summary>
public sealed class DescribeSecretRequest
{
    public string SecretId { get; set; } = "";
}
