namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Output of <c>GetResourcePolicy</c> (also the shape of Put/DeleteResourcePolicy's): the policy is absent when the secret has none.</summary>
public sealed class ResourcePolicyResponse
{
    public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? ResourcePolicy { get; set; }
}
