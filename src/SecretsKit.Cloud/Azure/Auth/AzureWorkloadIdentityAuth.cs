using Azure.Core;
using Azure.Identity;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// <c>spec.provider.azurekv.authType: WorkloadIdentity</c> as ESO reads it. With <c>serviceAccountRef</c>: the client id from the ServiceAccount's
/// <c>azure.workload.identity/client-id</c> annotation or <c>authSecretRef.clientId</c> (not both), the tenant from
/// <c>authSecretRef.tenantId</c>, <c>tenantId</c> or the <c>azure.workload.identity/tenant-id</c> annotation (one of them),
/// and a token of that ServiceAccount for <c>api://AzureADTokenExchange</c> (plus its own audiences), minted for each
/// exchange, as the client assertion. Without it: the agent pod's own projected token (<c>AZURE_CLIENT_ID</c>,
/// <c>AZURE_TENANT_ID</c>, <c>AZURE_FEDERATED_TOKEN_FILE</c>), for a ClusterSecretStore only.
/// </summary>
internal static class AzureWorkloadIdentityAuth
{
    /// <summary>The field naming the ServiceAccount whose token is the client assertion.</summary>
    public const string ServiceAccountRef = "serviceAccountRef";

    /// <summary>The <c>WorkloadIdentity</c> row of the table (<see cref="AzureAuthMethods"/>).</summary>
    public static AzureAuthSpec Spec { get; } = new("WorkloadIdentity",
        [ServiceAccountRef, "tenantId", "authSecretRef", "authSecretRef.clientId", "authSecretRef.tenantId"], async (spec, ct) =>
        {
            var (credential, environment) = await CredentialAsync(spec, ct);
            return (environment, spec.Context.Azure with { AzureCredential = credential });
        });

    public const string ClientIdAnnotation = "azure.workload.identity/client-id";
    public const string TenantIdAnnotation = "azure.workload.identity/tenant-id";
    public const string Audience = "api://AzureADTokenExchange";

    public static async Task<(TokenCredential? Credential, IEnvironment Environment)> CredentialAsync(ProviderSpec spec, CancellationToken ct)
    {
        var p = spec.Spec;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (spec.Context.AzureAuthorityHost is { } authority) env["AZURE_AUTHORITY_HOST"] = authority.ToString();
        if (p[ServiceAccountRef] is not { } saRef)
        {
            if (!spec.MayUseAgentServiceAccount)
            {
                throw new StoreConfigException($"store {spec.StoreName}: authType WorkloadIdentity needs serviceAccountRef in a SecretStore; "
                    + "only a ClusterSecretStore may use the agent's own workload identity");
            }
            var ambient = spec.Context.Ambient.Environment;
            if (spec.Context.AzureAuthorityHost is null && ambient.Get("AZURE_AUTHORITY_HOST") is { } ambientAuthority) env["AZURE_AUTHORITY_HOST"] = ambientAuthority;
            foreach (var name in new[] { "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE" })
            {
                env[name] = ambient.Get(name) ?? throw new StoreConfigException(
                    $"store {spec.StoreName}: authType WorkloadIdentity without serviceAccountRef needs the agent pod's {name} (the workload identity webhook sets it)");
            }
            return (null, new MapEnvironment(env, "/nonexistent", "/"));
        }
        const string field = ServiceAccountRef;
        var annotations = await spec.ServiceAccounts.AnnotationsAsync(saRef, field, ct);
        var secretRef = p["authSecretRef"];
        var clientId = secretRef?["clientId"] is { } cref ? await spec.Credentials.ReadAsync(cref, "authSecretRef.clientId", ct) : null;
        if (annotations.GetValueOrDefault(ClientIdAnnotation) is { Length: > 0 } annotatedClient)
        {
            if (clientId is not null) throw new StoreConfigException($"store {spec.StoreName}: the client id is both in authSecretRef.clientId and in the ServiceAccount's {ClientIdAnnotation} annotation");
            clientId = annotatedClient;
        }
        var tenantId = secretRef?["tenantId"] is { } tref ? await spec.Credentials.ReadAsync(tref, "authSecretRef.tenantId", ct) : SpecJson.Str(p["tenantId"]);
        if (annotations.GetValueOrDefault(TenantIdAnnotation) is { Length: > 0 } annotatedTenant)
        {
            if (tenantId is not null) throw new StoreConfigException($"store {spec.StoreName}: the tenant id is both in the store and in the ServiceAccount's {TenantIdAnnotation} annotation");
            tenantId = annotatedTenant;
        }
        if (string.IsNullOrEmpty(clientId)) throw new StoreConfigException($"store {spec.StoreName}: {field}: the ServiceAccount has no {ClientIdAnnotation} annotation (nor authSecretRef.clientId)");
        if (string.IsNullOrEmpty(tenantId)) throw new StoreConfigException($"store {spec.StoreName}: no tenant id: set tenantId or the ServiceAccount's {TenantIdAnnotation} annotation");
        var host = spec.Context.AzureAuthorityHost ?? AzureAuthorityHosts.AzurePublicCloud;
        var options = AzureClientConfiguration.Apply(new ClientAssertionCredentialOptions
        {
            AuthorityHost = host,
            DisableInstanceDiscovery = host != AzureAuthorityHosts.AzurePublicCloud && host != AzureAuthorityHosts.AzureChina && host != AzureAuthorityHosts.AzureGovernment,
        }, spec.Context.Azure);
        var credential = new ClientAssertionCredential(tenantId, clientId, c => spec.ServiceAccounts.TokenAsync(saRef, [Audience], null, field, c), options);
        return (new OneLineCredential(credential, $"workload identity token exchange for client '{clientId}'"), new MapEnvironment(env, "/nonexistent", "/"));
    }
}
