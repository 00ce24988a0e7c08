using SecretsKit.Cloud.Aws.Kms;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Gcp;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud;

/// <summary>Registers the network key sources (AWS KMS, GCP KMS, Azure Key Vault) next to Core's age and PGP.</summary>
public static class CloudKeySources
{
    /// <summary>
    /// Adds <c>kms</c>, <c>gcp_kms</c> and <c>azure_kv</c> to <paramref name="registry"/>. Credentials, endpoints and
    /// regions are read from <paramref name="context"/>'s environment when a key is used, never at registration.
    /// </summary>
    public static KeySourceRegistry Register(KeySourceRegistry registry, KeySourceContext context, CloudKeyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(context);
        var effective = options ?? CloudKeyOptions.Default;
        registry.Register(new KmsKeySource(context, effective));
        registry.Register(new GcpKmsKeySource(context, effective));
        registry.Register(new AzureKeyVaultKeySource(context, effective));
        // TODO(lead): register the HashiCorp Vault transit source (hc_vault, Cloud/Vault) here once merged.
        return registry;
    }
}
