using SecretsKit.Cloud.Aws.Keys;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Keys;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Age;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Pgp;

namespace SecretsKit.Cloud;

/// <summary>Registers the network key sources (one line each) next to Core's age and PGP.</summary>
public static class CloudKeySources
{
    /// <summary>
    /// Every key source SecretsKit has (age and PGP from Core, then the network ones): what the CLI and the key service
    /// (<c>secretskit-keyservice</c>) both serve. <paramref name="warn"/> as in <see cref="Register"/>; age also says
    /// there when a key variable points nowhere.
    /// </summary>
    public static KeySourceRegistry CreateRegistry(KeySourceContext context, Action<string>? warn = null)
    {
        var registry = new KeySourceRegistry()
            .Register(new AgeKeySource(context, warn: warn))
            .Register(new PgpKeySource(context));
        return Register(registry, context, warn: warn);
    }

    /// <summary>
    /// Adds every cloud key source to <paramref name="registry"/>. Credentials, endpoints and
    /// regions are read from <paramref name="context"/>'s environment when a key is used, never at registration. Retry and
    /// timeout knobs of <paramref name="options"/> apply to every source (to Vault transit only when options are given).
    /// <paramref name="warn"/> hears what goes on but deserves a word (a file's Vault address that is not VAULT_ADDR).
    /// </summary>
    public static KeySourceRegistry Register(KeySourceRegistry registry, KeySourceContext context, CloudKeyOptions? options = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(context);
        var effective = options ?? CloudKeyOptions.Default;
        registry.Register(new KmsKeySource(context, effective));
        registry.Register(new GcpKmsKeySource(context, effective));
        registry.Register(new AzureKeyVaultKeySource(context, effective));
        registry.Register(new HuaweiCloud.Keys.HckmsKeySource(context, effective));
        // Vault keeps its own default policy; explicit options (tests, embedding hosts) also set Vault's retries and timeouts.
#pragma warning disable CA2000 // the key source is owned by the registry, which lives as long as the process
        registry.Register(options is null
            ? new TransitKeySource(context, warn: warn)
            : new TransitKeySource(context, address =>
                VaultEnvironment.CreateOptions(context.Environment, address, time: context.Time) with { Retry = options.ToRetryOptions(context.Time) }, warn));
#pragma warning restore CA2000
        return registry;
    }
}
