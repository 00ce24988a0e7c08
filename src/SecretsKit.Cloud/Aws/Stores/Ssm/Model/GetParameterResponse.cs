namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Output of <c>GetParameter</c>.</summary>
public sealed class GetParameterResponse
{
    public Parameter? Parameter { get; set; }
}
