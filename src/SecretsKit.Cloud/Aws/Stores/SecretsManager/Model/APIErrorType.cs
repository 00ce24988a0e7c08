namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>One failed id in a <c>BatchGetSecretValue</c> answer.</summary>
public sealed class APIErrorType
{
    public string? SecretId { get; set; }

    public string? ErrorCode { get; set; }

    public string? Message { get; set; }
}
