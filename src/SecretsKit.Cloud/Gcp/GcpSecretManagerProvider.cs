using System.Text.Json.Nodes;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Gcp;

/// <summary>
/// <c>spec.provider.gcpsm</c> (<c>projectID</c>, <c>location</c> for regional secrets; the auth forms of
/// <see cref="GcpStoreAuth"/> (a service-account JSON key, keyless workload identity and workload identity federation),
/// else, for a ClusterSecretStore only, the agent's own identity) and vals'
/// <c>ref+gcpsecrets://PROJECT/SECRET[?version=N]</c> (credentials as gcloud/sops find them, else the metadata server).
/// <c>SECRETSKIT_GCPSM_ENDPOINT</c> overrides the API endpoint for references (private endpoints).
/// </summary>
public sealed class GcpSecretManagerProvider : ISecretStoreProvider
{
    private const string EndpointVariable = "SECRETSKIT_GCPSM_ENDPOINT";

    public string Name => GcpSecretManagerStore.ProviderName;

    public IReadOnlyList<string> Fields { get; } = ["projectID", "location", .. GcpStoreAuth.Fields];

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
        var endpoint = spec.Context.Endpoints.GetValueOrDefault(Name) ?? GcpSecretManagerClient.DefaultEndpoint(location, spec.Context.Setting<GcpEndpoints>().UniverseDomain);
#pragma warning disable CA2000 // the HttpClient is owned by the returned store and lives as long as it
        var http = GcpHttp.Create(spec.Context.Retry);
        var tokens = await GcpStoreAuth.TokensAsync(spec, http, cancellationToken);
        return new GcpSecretManagerStore(new GcpSecretManagerClient(http, tokens, endpoint, project, location));
#pragma warning restore CA2000
    }

    /// <summary>
    /// One access token of a provider section's auth (<see cref="GcpStoreAuth.TokensAsync"/>) with its expiry, as ESO's
    /// GCRAccessToken generator hands it out.
    /// </summary>
    public static async Task<(string Token, DateTimeOffset? ExpiresAt)> AccessTokenAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var http = GcpHttp.Create(spec.Context.Retry);
        var tokens = await GcpStoreAuth.TokensAsync(spec, http, cancellationToken);
        return await tokens.GetTokenWithExpiryAsync(cancellationToken);
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
        var client = new GcpSecretManagerClient(http, GcpStoreAuth.Ambient(context.Environment, http, context.Time), endpoint, storeKey[..at], null);
        return new GcpSecretManagerStore(client, storeKey[(at + 1)..]);
#pragma warning restore CA2000
    }
}
