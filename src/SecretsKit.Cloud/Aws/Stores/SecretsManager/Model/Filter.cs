namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>A <c>ListSecrets</c>/<c>BatchGetSecretValue</c> filter: a key and values (prefix match at AWS).</summary>
public sealed class Filter
{
    public string Key { get; set; } = "";

    public List<string> Values { get; set; } = [];
}
