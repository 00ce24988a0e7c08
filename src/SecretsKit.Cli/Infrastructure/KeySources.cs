
using SecretsKit.Cloud;
using SecretsKit.Core.Age;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Pgp;

namespace SecretsKit.Cli.Infrastructure;

/// <summary>The key sources the CLI knows: age and PGP from Core, the cloud KMSs and Vault transit from Cloud.</summary>
internal static class KeySources
{
    /// <param name="warn">where key sources say what deserves a word: an age key variable that points nowhere, a file's Vault
    /// address that is not VAULT_ADDR (one line each).</param>
    public static KeySourceRegistry CreateRegistry(KeySourceContext context, Action<string>? warn = null)
    {
        var registry = new KeySourceRegistry()
            .Register(new AgeKeySource(context, warn: warn))
            .Register(new PgpKeySource(context));
        CloudKeySources.Register(registry, context, warn: warn);
        return registry;
    }
}
