using SecretsKit.Agent.Templates;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// Agent-wide provider client settings (retries, endpoint overrides for private endpoints and tests), handed to the
/// providers with ESO's template engine (<see cref="ToContext"/>).
/// </summary>
internal sealed record ProviderOptions
{
    /// <summary>Endpoint override per service (<c>SecretsManager</c>, <c>ParameterStore</c>, <c>STS</c> as ESO's AWS_*_ENDPOINT variables, <c>SQS</c>; <c>gcpsm</c>, <c>pubsub</c>, <c>cloudresourcemanager</c>; <c>servicebus</c>).</summary>
    public IReadOnlyDictionary<string, Uri> AwsEndpoints { get; init; } = new Dictionary<string, Uri>();

    /// <summary>Retry policy of the HTTP clients. The agent retries on its own schedule, so keep this short.</summary>
    public CloudRetryOptions Retry { get; init; } = new() { MaxRetries = 1 };

    /// <summary>Entra ID authority for <c>azurekv</c> stores (sovereign or private clouds, tests); null = Azure public cloud.</summary>
    public Uri? AzureAuthorityHost { get; init; }

    /// <summary>Azure client options (transport, retries).</summary>
    public CloudKeyOptions Azure { get; init; } = new() { MaxRetries = 1 };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Google universe domain (<c>GOOGLE_CLOUD_UNIVERSE_DOMAIN</c>) and STS / IAM Credentials endpoint overrides.</summary>
    public Cloud.Gcp.Auth.GcpEndpoints Gcp { get; init; } = new();

    /// <summary>The agent pod's environment for its own (ambient) identity, which only ClusterSecretStores use.</summary>
    public Core.Keys.KeySourceContext Ambient { get; init; } = Core.Keys.KeySourceContext.System;

    /// <summary>
    /// ESO's endpoint variables: <c>AWS_SECRETSMANAGER_ENDPOINT</c>, <c>AWS_SSM_ENDPOINT</c>, <c>AWS_STS_ENDPOINT</c>, <c>AWS_ECR_ENDPOINT</c> and <c>AWS_ECR_PUBLIC_ENDPOINT</c>, and ours for change events, <c>AWS_SQS_ENDPOINT</c>
    /// (VPC endpoints, FIPS, sovereign partitions); unset ones keep the regional endpoints. And the Google SDKs'
    /// <c>GOOGLE_CLOUD_UNIVERSE_DOMAIN</c> (sovereign clouds: Secret Manager, STS, IAM Credentials, Pub/Sub hosts), gcloud's
    /// <c>CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER</c> (Secret Manager) and <c>CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB</c> (change
    /// events' Pub/Sub endpoint) and <c>CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER</c> (where change events look up a
    /// project's number), gcloud's <c>CLOUDSDK_AUTH_TOKEN_HOST</c> (the OAuth 2.0 token endpoint, the only
    /// <c>token_uri</c> a store's JSON key may name), the Azure SDKs' <c>AZURE_AUTHORITY_HOST</c> (Entra ID authority) and
    /// ours: <c>AZURE_SERVICEBUS_ENDPOINT</c> (where change events' Service Bus requests go, as the Service Bus SDK's
    /// <c>CustomEndpointAddress</c>; no Azure SDK reads an environment variable for it) and <c>GCP_EXTERNAL_TOKEN_HOSTS</c>
    /// (comma-separated hosts a SecretStore's credConfig token URL may name although loopback, link-local or metadata). These are the operator's
    /// settings: no store picks them.
    /// </summary>
    public static ProviderOptions FromEnvironment(Core.Platform.IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var (service, variable) in new[]
                 {
                     ("SecretsManager", "AWS_SECRETSMANAGER_ENDPOINT"), ("ParameterStore", "AWS_SSM_ENDPOINT"), ("STS", "AWS_STS_ENDPOINT"), ("SQS", "AWS_SQS_ENDPOINT"),
                     ("ECR", "AWS_ECR_ENDPOINT"), ("ECRPublic", "AWS_ECR_PUBLIC_ENDPOINT"),
                     ("gcpsm", "CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER"),
                     (Cloud.Gcp.Events.PubSubSubscriber.EndpointKey, "CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB"),
                     (Cloud.Gcp.ResourceManager.GcpProjectNumbers.EndpointKey, "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER"),
                     (Cloud.Azure.Events.ServiceBusQueueReceiver.EndpointKey, "AZURE_SERVICEBUS_ENDPOINT"),
                 })
        {
            if (environment.Get(variable) is { } text) endpoints[service] = HttpUrl(variable, text);
        }
        var universe = environment.Get("GOOGLE_CLOUD_UNIVERSE_DOMAIN") ?? Cloud.Gcp.Auth.GcpEndpoints.DefaultUniverseDomain;
        if (!Cloud.Gcp.Auth.GcpEndpoints.IsValidUniverseDomain(universe))
        {
            throw new Core.Errors.SecretsKitException(Core.Errors.ExitCodes.Generic, $"GOOGLE_CLOUD_UNIVERSE_DOMAIN must be a DNS name, not '{universe}'");
        }
        var authority = environment.Get("AZURE_AUTHORITY_HOST") is { } host ? HttpUrl("AZURE_AUTHORITY_HOST", host) : null;
        var oauth2 = environment.Get(OAuth2TokenVariable) is { } tokenHost ? HttpUrl(OAuth2TokenVariable, tokenHost) : null;
        // ours: hosts a SecretStore's credConfig url (externalTokenEndpoint) may name although loopback, link-local or metadata
        var tokenHosts = (environment.Get("GCP_EXTERNAL_TOKEN_HOSTS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ProviderOptions
        {
            AwsEndpoints = endpoints,
            Gcp = new() { UniverseDomain = universe, OAuth2Token = oauth2, ExternalTokenHosts = tokenHosts },
            AzureAuthorityHost = authority,
        };
    }

    private const string OAuth2TokenVariable = "CLOUDSDK_AUTH_TOKEN_HOST";

    private static Uri HttpUrl(string variable, string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
        ? uri
        : throw new Core.Errors.SecretsKitException(Core.Errors.ExitCodes.Generic, $"{variable} must be an http(s) URL, not '{Core.Errors.Echo.Bounded(text, 80)}'");

    public ProviderContext ToContext() => new()
    {
        Endpoints = AwsEndpoints,
        Retry = Retry,
        AzureAuthorityHost = AzureAuthorityHost,
        Azure = Azure,
        Time = Time,
        Settings = new Dictionary<Type, object> { [typeof(Cloud.Gcp.Auth.GcpEndpoints)] = Gcp },
        Ambient = Ambient,
        Templates = EsoStoreTemplates.Instance,
    };
}
