using System.Text.Json.Nodes;
using Azure.Core;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Azure;

/// <summary>
/// <c>spec.provider.azurekv</c> (its <c>authType</c> one of <see cref="AzureAuthMethods"/>: a service principal from secret
/// references, workload identity as a named ServiceAccount, or, ClusterSecretStores only, the node's managed identity) and <c>ref+azurekeyvault://VAULT/SECRET</c>
/// (a vault name means <c>VAULT.vault.azure.net</c>, a name with a dot is the full host, for sovereign clouds).
/// </summary>
public sealed class AzureKeyVaultProvider : ISecretStoreProvider
{
    public string Name => AzureKeyVaultSecretStore.ProviderName;

    public IReadOnlyList<string> Fields { get; } = ["vaultUrl", "authType", .. AzureAuthMethods.Fields, "environmentType"];

    public IReadOnlyList<RefScheme> RefSchemes { get; } =
    [
        new("azurekeyvault", (path, text) => RefPaths.SplitFirst(path, text, "azurekeyvault"),
            (vault, context, options) => AzureKeyVaultSecretStore.FromEnvironment(VaultUri(vault), context, options)),
    ];

    public string? UnsupportedValue(JsonObject spec) =>
        AzureAuthMethods.Find(SpecJson.Str(spec["authType"])) is null ? "authType" : null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        var (vault, context, options) = await ConnectionAsync(spec, cancellationToken);
        // vaultUrl is tenant-named: the vault's requests go through the guarded transport (a test's handler replaces it)
#pragma warning disable CA2000 // owned by the store's SDK client, which lives as long as the store; over the pooled transport it holds no connections itself
        var transport = options.HttpHandler ?? TenantHttp.CreateHandler(TenantHostPolicy.LinkLocalRefused, AzureKeyVaultSecretStore.MaxTenantResponseBytes);
#pragma warning restore CA2000
        return AzureKeyVaultSecretStore.FromEnvironment(vault, context, options, transport);
    }

    /// <summary>
    /// The store's Entra ID credential (service principal or workload identity, as its Key Vault client gets it), for
    /// other Azure services the store's identity reads, such as the Service Bus queue of its change events.
    /// </summary>
    public static async Task<TokenCredential> CredentialAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        var (_, context, options) = await ConnectionAsync(spec, cancellationToken);
        return AzureCredentialFactory.Create(context.Environment, options);
    }

    private static async Task<(Uri Vault, KeySourceContext Context, CloudKeyOptions Options)> ConnectionAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var url = SpecJson.Required(spec, AzureKeyVaultSecretStore.ProviderName, "vaultUrl");
        var (environment, options) = await AzureAuthMethods.Of(spec).CreateAsync(spec, cancellationToken);
        return (new Uri(url), KeySourceContext.System with { Environment = environment }, options);
    }

    private static Uri VaultUri(string vault) =>
        new(vault.Contains('.', StringComparison.Ordinal) ? $"https://{vault}/" : $"https://{vault}.vault.azure.net/");
}
