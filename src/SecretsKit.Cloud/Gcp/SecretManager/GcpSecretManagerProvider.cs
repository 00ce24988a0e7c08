using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Gcp.SecretManager;

/// <summary>
/// <c>spec.provider.gcpsm</c> (<c>projectID</c>, <c>location</c> for regional secrets; a service-account JSON key from
/// <c>auth.secretRef.secretAccessKeySecretRef</c>, keyless <c>auth.workloadIdentity</c> and
/// <c>auth.workloadIdentityFederation</c> (<see cref="GcpSecretManagerAuth"/>), else, for a ClusterSecretStore only, the
/// agent's own identity) and vals'
/// <c>ref+gcpsecrets://PROJECT/SECRET[?version=N]</c> (credentials as gcloud/sops find them, else the metadata server).
/// <c>SECRETSKIT_GCPSM_ENDPOINT</c> overrides the API endpoint for references (private endpoints).
/// </summary>
public sealed class GcpSecretManagerProvider : ISecretStoreProvider
{
    private const string EndpointVariable = "SECRETSKIT_GCPSM_ENDPOINT";

    public string Name => GcpSecretManagerStore.ProviderName;

    public IReadOnlyList<string> Fields { get; } =
        [
            "projectID", "location", "auth", "auth.secretRef", "auth.secretRef.secretAccessKeySecretRef",
            "auth.workloadIdentity", "auth.workloadIdentity.serviceAccountRef", "auth.workloadIdentity.clusterLocation",
            "auth.workloadIdentity.clusterName", "auth.workloadIdentity.clusterProjectID",
            "auth.workloadIdentityFederation", "auth.workloadIdentityFederation.serviceAccountRef",
            "auth.workloadIdentityFederation.audience", "auth.workloadIdentityFederation.gcpServiceAccountEmail",
            "auth.workloadIdentityFederation.awsSecurityCredentials", "auth.workloadIdentityFederation.awsSecurityCredentials.region",
            "auth.workloadIdentityFederation.awsSecurityCredentials.awsCredentialsSecretRef",
            "auth.workloadIdentityFederation.credConfig", "auth.workloadIdentityFederation.externalTokenEndpoint",
        ];

    public IReadOnlyList<RefScheme> RefSchemes { get; } = [new("gcpsecrets", Locate, CreateForRef)];

    public string? UnsupportedValue(JsonObject spec) => null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var project = SpecJson.Required(spec, Name, "projectID");
        var location = SpecJson.Str(spec.Spec["location"]);
        if (location is not null && (location.Length is 0 or > 63 || !location.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            // it names the regional host (secretmanager.LOCATION.rep.…): only a region's name, never another host
            throw new StoreConfigException($"store {spec.StoreName}: location '{(location.Length > 63 ? location[..63] + "…" : location)}' is not a region name");
        }
        var endpoint = spec.Context.Endpoints.GetValueOrDefault(Name) ?? GcpSecretManagerClient.DefaultEndpoint(location, spec.Context.Gcp.UniverseDomain);
#pragma warning disable CA2000 // the HttpClient is owned by the returned store and lives as long as it
        var http = GcpSecretManagerClient.CreateHttp(spec.Context.Retry);
        var tokens = await StoreTokensAsync(spec, http, cancellationToken);
        return new GcpSecretManagerStore(new GcpSecretManagerClient(http, tokens, endpoint, project, location));
#pragma warning restore CA2000
    }

    /// <summary>
    /// The store's own token source, in ESO's order: a JSON key (<c>auth.secretRef</c>), <c>auth.workloadIdentity</c>,
    /// <c>auth.workloadIdentityFederation</c>, else the agent's own credentials, which only a ClusterSecretStore may use.
    /// Change-event sources call Pub/Sub with it.
    /// </summary>
    internal static async Task<GcpTokenSource> StoreTokensAsync(ProviderSpec spec, HttpClient http, CancellationToken ct)
    {
        var auth = spec.Spec["auth"];
        if (auth?["secretRef"]?["secretAccessKeySecretRef"] is { } keyRef)
        {
            const string field = "auth.secretRef.secretAccessKeySecretRef";
            return GcpStoreKey.Tokens(spec, await spec.Credentials.ReadAsync(keyRef, field, ct), field, http);
        }
        if (auth?["workloadIdentity"] is { } wi) return await GcpSecretManagerAuth.WorkloadIdentityAsync(spec, wi, http, ct);
        if (auth?["workloadIdentityFederation"] is { } wif) return await GcpSecretManagerAuth.FederationAsync(spec, wif, http, ct);
        if (!spec.MayUseAgentServiceAccount)
        {
            throw new StoreConfigException($"store {spec.StoreName}: a SecretStore needs auth (secretRef, workloadIdentity or workloadIdentityFederation); "
                + "only a ClusterSecretStore may use the agent's own Google identity");
        }
        return Tokens(spec.Context.Ambient.Environment, http, spec.Context.Ambient.Time);
    }

    /// <summary>
    /// One access token of a provider section's auth (<see cref="StoreTokensAsync"/>) with its expiry, as ESO's
    /// GCRAccessToken generator hands it out.
    /// </summary>
    public static async Task<(string Token, DateTimeOffset? ExpiresAt)> AccessTokenAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var http = GcpSecretManagerClient.CreateHttp(spec.Context.Retry);
        var tokens = await StoreTokensAsync(spec, http, cancellationToken);
        return await tokens.GetTokenWithExpiryAsync(cancellationToken);
    }

    /// <summary>Credentials as sops finds them (token, JSON key, gcloud file), else the metadata server.</summary>
    private static GcpTokenSource Tokens(IEnvironment environment, HttpClient http, TimeProvider time)
    {
        string[] variables = ["GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"];
        var gcloud = Path.Combine(environment.Get("CLOUDSDK_CONFIG") ?? Path.Combine(environment.HomeDirectory, ".config", "gcloud"),
            "application_default_credentials.json");
        return variables.Any(v => environment.Get(v) is not null) || File.Exists(gcloud)
            ? GcpCredentialResolver.Resolve(environment, http, time, GcpServiceAccountJwt.CloudPlatformScope)
            : new GcpMetadataTokenSource(http, environment.Get("GCE_METADATA_HOST") ?? "metadata.google.internal", time);
    }

    /// <summary><c>PROJECT/SECRET[?version=N]</c> → store key <c>PROJECT@N</c> (one store per project and version) and the secret.</summary>
    private static (string StoreKey, string SecretKey) Locate(string path, string text)
    {
        var (project, rest) = RefPaths.SplitFirst(path, text, "gcpsecrets");
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var version = "latest";
        if (query >= 0)
        {
            foreach (var pair in rest[(query + 1)..].Split('&'))
            {
                if (pair.StartsWith("version=", StringComparison.Ordinal)) version = pair["version=".Length..];
            }
            rest = rest[..query];
        }
        return ($"{project}@{version}", rest);
    }

    private static ISecretStore CreateForRef(string storeKey, KeySourceContext context, CloudKeyOptions? options)
    {
        var at = storeKey.LastIndexOf('@');
        var endpoint = context.Environment.Get(EndpointVariable) is { } configured
            ? new Uri(configured.TrimEnd('/') + "/")
            : GcpSecretManagerClient.DefaultEndpoint(null);
#pragma warning disable CA2000 // the HttpClient is owned by the returned store and lives as long as it
        var http = (options ?? CloudKeyOptions.Default).CreateRetryingClient(context.Time);
        var client = new GcpSecretManagerClient(http, Tokens(context.Environment, http, context.Time), endpoint, storeKey[..at], null);
        return new GcpSecretManagerStore(client, storeKey[(at + 1)..]);
#pragma warning restore CA2000
    }
}
