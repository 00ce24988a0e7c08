using Azure.Core;
using Azure.Identity;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure;

/// <summary>
/// The Azure credential for Key Vault, from the injected environment: an injected credential, else a service
/// principal secret (<c>AZURE_TENANT_ID</c>/<c>AZURE_CLIENT_ID</c>/<c>AZURE_CLIENT_SECRET</c>), else workload identity
/// (<c>AZURE_FEDERATED_TOKEN_FILE</c>), else <c>DefaultAzureCredential</c> (as sops). <c>AZURE_AUTHORITY_HOST</c> overrides the authority.
/// </summary>
internal static class AzureCredentialFactory
{
    public static TokenCredential Create(IEnvironment environment, CloudKeyOptions options)
    {
        if (options.AzureCredential is { } injected)
        {
            return injected;
        }
        var authority = environment.Get("AZURE_AUTHORITY_HOST") is { } host ? new Uri(host) : AzureAuthorityHosts.AzurePublicCloud;
        var customAuthority = !IsKnownCloud(authority);
        var tenant = environment.Get("AZURE_TENANT_ID");
        var client = environment.Get("AZURE_CLIENT_ID");

        if (tenant is not null && client is not null && environment.Get("AZURE_CLIENT_SECRET") is { } secret)
        {
            var secretOptions = AzureClientConfiguration.Apply(new ClientSecretCredentialOptions
            {
                AuthorityHost = authority,
                DisableInstanceDiscovery = customAuthority,
            }, options);
            return new ClientSecretCredential(tenant, client, secret, secretOptions);
        }
        if (tenant is not null && client is not null && environment.Get("AZURE_FEDERATED_TOKEN_FILE") is { } tokenFile)
        {
            var workloadOptions = AzureClientConfiguration.Apply(new WorkloadIdentityCredentialOptions
            {
                TenantId = tenant,
                ClientId = client,
                TokenFilePath = tokenFile,
                AuthorityHost = authority,
                DisableInstanceDiscovery = customAuthority,
            }, options);
            return new WorkloadIdentityCredential(workloadOptions);
        }
        return new DefaultAzureCredential(AzureClientConfiguration.Apply(new DefaultAzureCredentialOptions
        {
            AuthorityHost = authority,
            DisableInstanceDiscovery = customAuthority,
        }, options));
    }

    private static bool IsKnownCloud(Uri authority) =>
        authority == AzureAuthorityHosts.AzurePublicCloud
        || authority == AzureAuthorityHosts.AzureChina
        || authority == AzureAuthorityHosts.AzureGovernment;
}
