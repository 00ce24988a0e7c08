namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Input of <c>DeleteParameter</c>.</summary>
public sealed class DeleteParameterRequest
{
    public string Name { get; set; } = "";
}
