namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Output of <c>ListSecrets</c>.</summary>
public sealed class ListSecretsResponse
{
    public List<SecretListEntry>? SecretList { get; set; }

    public string? NextToken { get; set; }
}
