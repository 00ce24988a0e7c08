using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Gcp.SecretManager;

/// <summary>
/// <c>spec.provider.gcpsm</c> (<c>projectID</c>, <c>location</c> for regional secrets; a service-account JSON key from
/// <c>auth.secretRef.secretAccessKeySecretRef</c>, else the workload's own identity) and vals'
/// <c>ref+gcpsecrets://PROJECT/SECRET[?version=N]</c> (credentials as gcloud/sops find them, else the metadata server).
/// <c>SECRETSKIT_GCPSM_ENDPOINT</c> overrides the API endpoint for references (private endpoints).
/// </summary>
public sealed class GcpSecretManagerProvider : ISecretStoreProvider
{
    private const string EndpointVariable = "SECRETSKIT_GCPSM_ENDPOINT";

    public string Name => GcpSecretManagerStore.ProviderName;

    public IReadOnlyList<string> Fields { get; } =
        ["projectID", "location", "auth", "auth.secretRef", "auth.secretRef.secretAccessKeySecretRef"];

    public IReadOnlyList<RefScheme> RefSchemes { get; } = [new("gcpsecrets", Locate, CreateForRef)];

    public string? UnsupportedValue(JsonObject spec) => null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var project = SpecJson.Required(spec, Name, "projectID");
        var location = SpecJson.Str(spec.Spec["location"]);
        var endpoint = spec.Context.Endpoints.GetValueOrDefault(Name) ?? GcpSecretManagerClient.DefaultEndpoint(location);
#pragma warning disable CA2000 // the HttpClient is owned by the returned store and lives as long as it
        var http = GcpSecretManagerClient.CreateHttp(spec.Context.Retry);
        var tokens = await StoreTokensAsync(spec, http, cancellationToken);
        return new GcpSecretManagerStore(new GcpSecretManagerClient(http, tokens, endpoint, project, location));
#pragma warning restore CA2000
    }

    /// <summary>
    /// The store's own token source: the service-account key of <c>auth.secretRef.secretAccessKeySecretRef</c>, else the
    /// workload's identity (tokens for the cloud-platform scope; lifetimes are wall-clock). Change-event sources call
    /// Pub/Sub with it.
    /// </summary>
    internal static async Task<GcpTokenSource> StoreTokensAsync(ProviderSpec spec, HttpClient http, CancellationToken cancellationToken)
    {
        var environment = spec.Spec["auth"]?["secretRef"]?["secretAccessKeySecretRef"] is { } keyRef
            ? new MapEnvironment(new Dictionary<string, string>
            {
                ["GOOGLE_CREDENTIALS"] = await spec.Credentials.ReadAsync(keyRef, "auth.secretRef.secretAccessKeySecretRef", cancellationToken),
            }, "/nonexistent", "/")
            : spec.Context.Ambient.Environment;
        return Tokens(environment, http, spec.Context.Ambient.Time);
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
