namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>UntagResource</c>: tag keys removed from a secret.</summary>
public sealed class UntagResourceRequest
{
    public string SecretId { get; set; } = "";

    public List<string> TagKeys { get; set; } = [];
}
