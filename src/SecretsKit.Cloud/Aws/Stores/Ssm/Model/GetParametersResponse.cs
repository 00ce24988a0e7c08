namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Output of <c>GetParameters</c>: the parameters found and the names that were not.</summary>
public sealed class GetParametersResponse
{
    public List<Parameter>? Parameters { get; set; }

    public List<string>? InvalidParameters { get; set; }
}
