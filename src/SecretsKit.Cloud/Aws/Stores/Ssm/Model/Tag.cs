namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>A parameter tag (both members required by SSM).</summary>
public sealed class Tag
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";
}
