namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Input of <c>GetParameters</c>: up to 10 names.</summary>
public sealed class GetParametersRequest
{
    public List<string> Names { get; set; } = [];

    public bool? WithDecryption { get; set; }
}
