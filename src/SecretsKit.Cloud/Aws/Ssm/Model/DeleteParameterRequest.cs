namespace SecretsKit.Cloud.Aws.Ssm.Model;

/// <summary>Input of <c>DeleteParameter</c>.</summary>
public sealed class DeleteParameterRequest
{
    public string Name { get; set; } = "";
}
