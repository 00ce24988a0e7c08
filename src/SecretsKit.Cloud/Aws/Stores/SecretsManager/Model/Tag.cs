namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>A secret tag.</summary>
public sealed class Tag
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}
