namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Input of <c>GetParametersByPath</c>: a hierarchy path, recursion and paging.</summary>
public sealed class GetParametersByPathRequest
{
    public string Path { get; set; } = "";

    public bool? Recursive { get; set; }

    public bool? WithDecryption { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}
