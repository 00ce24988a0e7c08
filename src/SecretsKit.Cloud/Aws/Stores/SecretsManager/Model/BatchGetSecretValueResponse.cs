namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Output of <c>BatchGetSecretValue</c>: the values found and one error per id that failed.</summary>
public sealed class BatchGetSecretValueResponse
{
    public List<SecretValueEntry>? SecretValues { get; set; }

    public List<APIErrorType>? Errors { get; set; }

    public string? NextToken { get; set; }
}
