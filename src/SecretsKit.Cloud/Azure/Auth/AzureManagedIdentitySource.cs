using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>The host kinds whose managed identity endpoint the agent knows.</summary>
internal enum AzureManagedIdentityKind
{
    Imds,
    AppService,
    ServiceFabric,
    AzureArc,
}

/// <summary>
/// Where the host's managed identity answers, picked from the environment in Azure.Identity's order: Service Fabric
/// (<c>IDENTITY_ENDPOINT</c> + <c>IDENTITY_HEADER</c> + <c>IDENTITY_SERVER_THUMBPRINT</c>), App Service
/// (<c>IDENTITY_ENDPOINT</c> + <c>IDENTITY_HEADER</c>), Azure Arc (<c>IDENTITY_ENDPOINT</c> + <c>IMDS_ENDPOINT</c>), else
/// the instance metadata service (<c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c>, default <c>http://169.254.169.254</c>).
/// Each has its own api-version and proof: App Service's <c>X-IDENTITY-HEADER</c>, Service Fabric's <c>secret</c> header
/// to a server known by its certificate's thumbprint, Arc's challenge answered from a local key file, IMDS's
/// <c>Metadata: true</c>. These variables are the agent pod's; no store sets them.
/// </summary>
internal sealed record AzureManagedIdentitySource(AzureManagedIdentityKind Kind, Uri Endpoint, string? Secret = null, string? Thumbprint = null)
{
    public const string DefaultImdsEndpoint = "http://169.254.169.254";

    public string ApiVersion => Kind switch
    {
        AzureManagedIdentityKind.AppService => "2019-08-01",
        AzureManagedIdentityKind.ServiceFabric => "2019-07-01-preview",
        AzureManagedIdentityKind.AzureArc => "2019-11-01",
        _ => "2018-02-01",
    };

    /// <summary>How errors name the endpoint.</summary>
    public string Name => Kind switch
    {
        AzureManagedIdentityKind.AppService => "identity endpoint",
        AzureManagedIdentityKind.ServiceFabric => "Service Fabric identity endpoint",
        AzureManagedIdentityKind.AzureArc => "Azure Arc identity endpoint",
        _ => "instance metadata service",
    };

    /// <summary>The source the environment describes; a malformed variable is a <see cref="StoreConfigException"/> naming it (never its value).</summary>
    public static AzureManagedIdentitySource Detect(IEnvironment environment, string storeName)
    {
        string? Get(string name) => environment.Get(name) is { Length: > 0 } value ? value : null;
        var endpoint = Get("IDENTITY_ENDPOINT");
        var header = Get("IDENTITY_HEADER");
        if (endpoint is not null && header is not null && Get("IDENTITY_SERVER_THUMBPRINT") is { } thumbprint)
        {
            var url = Url("IDENTITY_ENDPOINT", endpoint, storeName);
            if (url.Scheme != Uri.UriSchemeHttps) throw Bad(storeName, "IDENTITY_ENDPOINT must be an https URL for Service Fabric (its certificate is checked against IDENTITY_SERVER_THUMBPRINT)");
            var hex = thumbprint.Trim();
            if (hex.Length != 40 || !hex.All(char.IsAsciiHexDigit)) throw Bad(storeName, "IDENTITY_SERVER_THUMBPRINT must be a certificate's SHA-1 thumbprint (40 hex digits)");
            return new(AzureManagedIdentityKind.ServiceFabric, url, header, hex);
        }
        if (endpoint is not null && header is not null) return new(AzureManagedIdentityKind.AppService, Url("IDENTITY_ENDPOINT", endpoint, storeName), header);
        if (endpoint is not null && Get("IMDS_ENDPOINT") is not null) return new(AzureManagedIdentityKind.AzureArc, Url("IDENTITY_ENDPOINT", endpoint, storeName));
        var imds = Get("AZURE_POD_IDENTITY_AUTHORITY_HOST");
        return new(AzureManagedIdentityKind.Imds, imds is null ? new Uri(DefaultImdsEndpoint) : Url("AZURE_POD_IDENTITY_AUTHORITY_HOST", imds, storeName));
    }

    /// <summary>The token request for <paramref name="resource"/> (and a user-assigned identity's <paramref name="clientId"/>), without Arc's answer to its challenge.</summary>
    public HttpRequestMessage CreateRequest(string resource, string? clientId)
    {
        var query = $"api-version={ApiVersion}&resource={Uri.EscapeDataString(resource)}"
            + (clientId is null ? "" : $"&client_id={Uri.EscapeDataString(clientId)}");
        var target = Kind == AzureManagedIdentityKind.Imds
            ? new Uri(Endpoint, "metadata/identity/oauth2/token?" + query)
            : new UriBuilder(Endpoint) { Query = string.IsNullOrEmpty(Endpoint.Query) ? query : Endpoint.Query[1..] + "&" + query }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        switch (Kind)
        {
            case AzureManagedIdentityKind.AppService:
                request.Headers.Add("X-IDENTITY-HEADER", Secret);
                break;
            case AzureManagedIdentityKind.ServiceFabric:
                request.Headers.Add("secret", Secret);
                break;
            default:
                request.Headers.Add("Metadata", "true");
                break;
        }
        return request;
    }

    /// <summary>Kind and endpoint only: the secret is never shown.</summary>
    public override string ToString() => $"{Kind} {Endpoint.GetLeftPart(UriPartial.Authority)}";

    private static Uri Url(string variable, string value, string storeName) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri
            : throw Bad(storeName, $"{variable} must be an http(s) URL");

    private static StoreConfigException Bad(string storeName, string why) => new($"store {storeName}: authType ManagedIdentity: {why}");
}
