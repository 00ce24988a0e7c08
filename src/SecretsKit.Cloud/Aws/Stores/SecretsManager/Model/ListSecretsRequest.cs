namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>ListSecrets</c>: filters (<c>name</c>, <c>tag-key</c>, <c>tag-value</c>, <c>description</c>, <c>all</c>) and paging.</summary>
public sealed class ListSecretsRequest
{
    public List<Filter>? Filters { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}
