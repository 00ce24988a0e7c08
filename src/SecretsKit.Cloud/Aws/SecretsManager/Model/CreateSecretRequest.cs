namespace SecretsKit.Cloud.Aws.SecretsManager.Model;

/// <summary>Input of <c>CreateSecret</c>: name, the first value and tags.</summary>
public sealed class CreateSecretRequest
{
    public string Name { get; set; } = "";

    public string? SecretString { get; set; }

    public List<Tag>? Tags { get; set; }
}
