using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// <c>spec.provider.azurekv.authType: ServicePrincipal</c> (ESO's default): a client secret from
/// <c>authSecretRef.clientId</c> and <c>authSecretRef.clientSecret</c> in <c>tenantId</c>. Without <c>authSecretRef</c>, a
/// ClusterSecretStore only: the agent's own Azure identity (<see cref="AzureCredentialFactory"/>'s chain).
/// </summary>
internal static class AzureServicePrincipalAuth
{
    /// <summary>The <c>ServicePrincipal</c> row of the table (<see cref="AzureAuthMethods"/>).</summary>
    public static AzureAuthSpec Spec { get; } = new("ServicePrincipal",
        ["tenantId", "authSecretRef", "authSecretRef.clientId", "authSecretRef.clientSecret"], CreateAsync);

    private static async Task<(IEnvironment Environment, CloudKeyOptions Options)> CreateAsync(ProviderSpec spec, CancellationToken ct)
    {
        var p = spec.Spec;
        if (p["authSecretRef"] is null && !spec.MayUseAgentServiceAccount)
        {
            throw new StoreConfigException($"store {spec.StoreName}: authType ServicePrincipal needs authSecretRef in a SecretStore; only a ClusterSecretStore may use the agent's own Azure identity");
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (SpecJson.Str(p["tenantId"]) is { } tenant) env["AZURE_TENANT_ID"] = tenant;
        if (spec.Context.AzureAuthorityHost is { } authority) env["AZURE_AUTHORITY_HOST"] = authority.ToString();
        if (p["authSecretRef"] is JsonObject a)
        {
            env["AZURE_CLIENT_ID"] = await spec.Credentials.ReadAsync(a["clientId"], "authSecretRef.clientId", ct);
            env["AZURE_CLIENT_SECRET"] = await spec.Credentials.ReadAsync(a["clientSecret"], "authSecretRef.clientSecret", ct);
        }
        return (new MapEnvironment(env, "/nonexistent", "/"), spec.Context.Azure);
    }
}
