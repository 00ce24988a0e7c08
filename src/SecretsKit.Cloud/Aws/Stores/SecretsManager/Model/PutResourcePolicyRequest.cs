namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>PutResourcePolicy</c>: the secret's resource-based policy (JSON text), optionally refused when it grants public access.</summary>
public sealed class PutResourcePolicyRequest
{
    public string SecretId { get; set; } = "";

    public string ResourcePolicy { get; set; } = "";

    public bool? BlockPublicPolicy { get; set; }
}
