using Azure.Core;
using Azure.Identity;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure.Auth;

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
        var authority = environment.Get("AZURE_AUTHORITY_HOST") is { } host ? AuthorityHost(host) : AzureAuthorityHosts.AzurePublicCloud;
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

    /// <summary>
    /// <c>AZURE_AUTHORITY_HOST</c> as Entra ID's client library accepts it: an absolute https URL. Anything else is one
    /// line here rather than the SDK's exception at the first token request; the value is not echoed (it may hold
    /// credentials in its user-info part).
    /// </summary>
    private static Uri AuthorityHost(string value)
    {
        if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0)
        {
            return uri;
        }
        throw new SecretsKitException(ExitCodes.Generic,
            "azurekv: AZURE_AUTHORITY_HOST must be an https:// URL without user info (e.g. https://login.microsoftonline.com/)");
    }

    private static bool IsKnownCloud(Uri authority) =>
        authority == AzureAuthorityHosts.AzurePublicCloud
        || authority == AzureAuthorityHosts.AzureChina
        || authority == AzureAuthorityHosts.AzureGovernment;
}
