namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Input of <c>GetParameter</c>: a name, optionally <c>name:version</c> or <c>name:label</c>.</summary>
public sealed class GetParameterRequest
{
    public string Name { get; set; } = "";

    public bool? WithDecryption { get; set; }
}
