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
/// <c>spec.provider.azurekv</c> (service principal from secret references, or workload identity as a named ServiceAccount:
/// its token for <c>api://AzureADTokenExchange</c> is the client assertion; see <see cref="AzureWorkloadIdentity"/>;
/// <c>ManagedIdentity</c>, ClusterSecretStores only: <see cref="AzureManagedIdentityCredential"/>) and <c>ref+azurekeyvault://VAULT/SECRET</c>
/// (a vault name means <c>VAULT.vault.azure.net</c>, a name with a dot is the full host, for sovereign clouds).
/// </summary>
public sealed class AzureKeyVaultProvider : ISecretStoreProvider
{
    public string Name => AzureKeyVaultSecretStore.ProviderName;

    public IReadOnlyList<string> Fields { get; } =
        ["vaultUrl", "tenantId", "authType", "authSecretRef", "authSecretRef.clientId", "authSecretRef.clientSecret", "authSecretRef.tenantId",
            "environmentType", "serviceAccountRef", "identityId"];

    public IReadOnlyList<RefScheme> RefSchemes { get; } =
    [
        new("azurekeyvault", (path, text) => RefPaths.SplitFirst(path, text, "azurekeyvault"),
            (vault, context, options) => AzureKeyVaultSecretStore.FromEnvironment(VaultUri(vault), context, options)),
    ];

    public string? UnsupportedValue(JsonObject spec) =>
        SpecJson.Str(spec["authType"]) is { } authType && authType is not ("ServicePrincipal" or "WorkloadIdentity" or "ManagedIdentity") ? "authType" : null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        var (vault, context, options) = await ConnectionAsync(spec, cancellationToken);
        return AzureKeyVaultSecretStore.FromEnvironment(vault, context, options);
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
        var p = spec.Spec;
        var url = SpecJson.Required(spec, AzureKeyVaultSecretStore.ProviderName, "vaultUrl");
        if (SpecJson.Str(p["authType"]) == "WorkloadIdentity")
        {
            var credential = await AzureWorkloadIdentity.CredentialAsync(spec, cancellationToken);
            return (new Uri(url), KeySourceContext.System with { Environment = credential.Environment },
                spec.Context.Azure with { AzureCredential = credential.Credential });
        }
        if (SpecJson.Str(p["authType"]) == "ManagedIdentity")
        {
            return (new Uri(url), KeySourceContext.System with { Environment = new MapEnvironment(new Dictionary<string, string>(), "/nonexistent", "/") },
                spec.Context.Azure with { AzureCredential = ManagedIdentity(spec) });
        }
        if (p["authSecretRef"] is null && !spec.MayUseAgentServiceAccount)
        {
            throw new StoreConfigException($"store {spec.StoreName}: authType ServicePrincipal needs authSecretRef in a SecretStore; only a ClusterSecretStore may use the agent's own Azure identity");
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (SpecJson.Str(p["tenantId"]) is { } tenant) env["AZURE_TENANT_ID"] = tenant;
        if (spec.Context.AzureAuthorityHost is { } authority) env["AZURE_AUTHORITY_HOST"] = authority.ToString();
        if (p["authSecretRef"] is JsonObject a)
        {
            env["AZURE_CLIENT_ID"] = await spec.Credentials.ReadAsync(a["clientId"], "authSecretRef.clientId", cancellationToken);
            env["AZURE_CLIENT_SECRET"] = await spec.Credentials.ReadAsync(a["clientSecret"], "authSecretRef.clientSecret", cancellationToken);
        }
        var context = KeySourceContext.System with { Environment = new MapEnvironment(env, "/nonexistent", "/") };
        return (new Uri(url), context, spec.Context.Azure);
    }

    /// <summary>The node's managed identity: the agent's own, so a ClusterSecretStore's only (the deliberate difference from ESO).</summary>
    private static OneLineCredential ManagedIdentity(ProviderSpec spec)
    {
        if (!spec.MayUseAgentServiceAccount)
        {
            throw new StoreConfigException($"store {spec.StoreName}: authType ManagedIdentity is the identity of the agent's node; "
                + "only a ClusterSecretStore may use the agent's own Azure identity (a SecretStore uses WorkloadIdentity with serviceAccountRef)");
        }
        var source = AzureManagedIdentitySource.Detect(spec.Context.Ambient.Environment, spec.StoreName);
        var identity = SpecJson.Str(spec.Spec["identityId"]);
        if (source.Kind == AzureManagedIdentityKind.AzureArc && identity is not null)
        {
            throw new StoreConfigException($"store {spec.StoreName}: authType ManagedIdentity: Azure Arc gives only the machine's system-assigned identity; remove identityId");
        }
        var options = spec.Context.Azure;
        var time = spec.Context.Ambient.Time;
#pragma warning disable CA2000 // the HttpClient is owned by the credential, which lives as long as the store
        var http = source.Kind == AzureManagedIdentityKind.ServiceFabric
            ? AzureServiceFabricTransport.Create(source.Thumbprint!, options, time)
            : options.CreateRetryingClient(time);
#pragma warning restore CA2000
        return new OneLineCredential(new AzureManagedIdentityCredential(http, source, identity, time, options.AzureArcTokenDirectory),
            "managed identity token request");
    }

    private static Uri VaultUri(string vault) =>
        new(vault.Contains('.', StringComparison.Ordinal) ? $"https://{vault}/" : $"https://{vault}.vault.azure.net/");
}
