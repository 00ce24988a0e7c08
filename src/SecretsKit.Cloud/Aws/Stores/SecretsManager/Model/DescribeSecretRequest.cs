namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>DescribeSecret</c> (a secret's metadata, tags included, never its value), and of the other calls that name only a secret (<c>GetResourcePolicy</c>, <c>DeleteResourcePolicy</c>).</summary>
public sealed class DescribeSecretRequest
{
    public string SecretId { get; set; } = "";
}
