namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>GetSecretValue</c>: the secret (name or ARN) and optionally a version id or stage.</summary>
public sealed class GetSecretValueRequest
{
    public string SecretId { get; set; } = "";

    public string? VersionId { get; set; }

    public string? VersionStage { get; set; }
}
