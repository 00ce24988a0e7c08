namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>TagResource</c>: tags added to a secret (a key already present gets the new value).</summary>
public sealed class TagResourceRequest
{
    public string SecretId { get; set; } = "";

    public List<Tag> Tags { get; set; } = [];
}
