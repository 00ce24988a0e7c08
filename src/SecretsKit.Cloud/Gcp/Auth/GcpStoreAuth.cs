using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// The auth forms of a <c>gcpsm</c> section (the store, its change events, the GCR generator), one file and one row each
/// in ESO's order: the first whose field the spec sets builds the token source; with none, the agent's own identity,
/// which only a ClusterSecretStore may use. The supported field list and the error text come from the table.
/// </summary>
internal static class GcpStoreAuth
{
    public static IReadOnlyList<GcpAuthSpec> All { get; } =
    [
        GcpKeyAuth.Spec,
        GcpWorkloadIdentityAuth.Spec,
        GcpFederationAuth.Spec,
    ];

    /// <summary>The <c>auth…</c> field paths of every form, for the provider's supported fields.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["auth", .. All.SelectMany(m => m.Fields).Select(f => "auth." + f)];

    /// <summary>The message when a SecretStore names no form, generated from the table.</summary>
    public static string MissingAuth(string store) =>
        $"store {store}: a SecretStore needs auth ({Alternatives.Or(All.Select(m => m.Name))}); only a ClusterSecretStore may use the agent's own Google identity";

    /// <summary>The message when <c>auth</c> is set but is not an object (a string, a list), generated from the table.</summary>
    public static string NotAnObject(string store) =>
        $"store {store}: auth must be an object naming {Alternatives.Or(All.Select(m => m.Name))}";

    /// <summary>The store's token source: the first form the spec sets, else the agent's own (ClusterSecretStore only).</summary>
    public static async Task<GcpTokenSource> TokensAsync(ProviderSpec spec, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var auth = spec.Spec["auth"];
        if (auth is not (null or JsonObject)) throw new StoreConfigException(NotAnObject(spec.StoreName));
        foreach (var method in All)
        {
            if (method.Select(auth) is { } node) return await method.CreateAsync(spec, node, http, ct).ConfigureAwait(false);
        }
        if (!spec.MayUseAgentServiceAccount) throw new StoreConfigException(MissingAuth(spec.StoreName));
        return Ambient(spec.Context.Ambient.Environment, http, spec.Context.Ambient.Time);
    }

    /// <summary>Credentials as sops finds them (token, JSON key, gcloud file), else the metadata server.</summary>
    public static GcpTokenSource Ambient(IEnvironment environment, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string[] variables = ["GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"];
        var gcloud = Path.Combine(environment.Get("CLOUDSDK_CONFIG") ?? Path.Combine(environment.HomeDirectory, ".config", "gcloud"),
            "application_default_credentials.json");
        return variables.Any(v => environment.Get(v) is not null) || File.Exists(gcloud)
            ? GcpCredentialResolver.Resolve(environment, http, time, GcpServiceAccountJwt.CloudPlatformScope)
            : new GcpMetadataTokenSource(http, environment.Get("GCE_METADATA_HOST") ?? "metadata.google.internal", time);
    }
}
