namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Output of <c>GetParametersByPath</c>.</summary>
public sealed class GetParametersByPathResponse
{
    public List<Parameter>? Parameters { get; set; }

    public string? NextToken { get; set; }
}
