namespace SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

/// <summary>Input of <c>DeleteSecret</c>; without <see cref="ForceDeleteWithoutRecovery"/> the default recovery window applies.</summary>
public sealed class DeleteSecretRequest
{
    public string SecretId { get; set; } = "";

    public bool? ForceDeleteWithoutRecovery { get; set; }
}
