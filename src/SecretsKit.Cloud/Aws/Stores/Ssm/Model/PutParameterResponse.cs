namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Output of <c>PutParameter</c>.</summary>
public sealed class PutParameterResponse
{
    public long Version { get; set; }

    public string? Tier { get; set; }
}
