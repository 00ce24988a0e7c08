namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>BatchGetSecretValue</c>: up to 20 ids, or filters, with paging.</summary>
public sealed class BatchGetSecretValueRequest
{
    public List<string>? SecretIdList { get; set; }

    public List<Filter>? Filters { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}
