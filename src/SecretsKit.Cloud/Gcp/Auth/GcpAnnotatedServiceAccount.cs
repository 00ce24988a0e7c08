using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// The keyless <c>gcpsm</c> auth forms of ESO v2.9. <c>auth.workloadIdentity</c>: a token of the named ServiceAccount
/// for the cluster's identity pool <c>PROJECT.svc.id.goog</c> (plus its own audiences, 15 minutes), exchanged at STS
/// for the audience <c>identitynamespace:POOL:https://container.googleapis.com/v1/projects/P/locations/L/clusters/C</c>
/// (cluster facts from the spec, else the metadata server), then at IAM Credentials for the Google service account of
/// the ServiceAccount's <c>iam.gke.io/gcp-service-account</c> annotation (without it the federated token is used).
/// <c>auth.workloadIdentityFederation</c> with <c>serviceAccountRef</c> and <c>audience</c>: a token of the ServiceAccount
/// (its own audiences) exchanged at STS for <c>audience</c>, then impersonation of <c>gcpServiceAccountEmail</c> or the
/// annotated account; with <c>awsSecurityCredentials</c>, an AWS-signed GetCallerIdentity as the subject token
/// (<see cref="GcpAwsFederation"/>); with <c>credConfig</c>, an external account configuration from a ConfigMap
/// (<see cref="GcpCredConfig"/>; its <c>url</c> source must equal <c>externalTokenEndpoint</c>). None but credConfig's aws
/// source (ClusterSecretStores only) ever uses the agent's own identity.
/// </summary>
internal static class GcpSecretManagerAuth
{
    public const string GoogleServiceAccountAnnotation = "iam.gke.io/gcp-service-account";

    /// <summary>ESO's three forms of workloadIdentityFederation, of which exactly one is given.</summary>
    private static readonly string[] FederationForms = ["credConfig", "serviceAccountRef", "awsSecurityCredentials"];

    public static async Task<GcpTokenSource> WorkloadIdentityAsync(ProviderSpec spec, JsonNode wi, HttpClient http, CancellationToken ct)
    {
        const string field = "auth.workloadIdentity.serviceAccountRef";
        var saRef = wi["serviceAccountRef"] ?? throw new StoreConfigException($"store {spec.StoreName}: {field} is required");
        var metadata = new GcpMetadataAttributes(http, spec.Context.Ambient.Environment);
        var project = SpecJson.Str(wi["clusterProjectID"]) ?? await metadata.GetAsync("project/project-id", "clusterProjectID", ct).ConfigureAwait(false);
        var location = SpecJson.Str(wi["clusterLocation"]) ?? await metadata.GetAsync("instance/attributes/cluster-location", "clusterLocation", ct).ConfigureAwait(false);
        var cluster = SpecJson.Str(wi["clusterName"]) ?? await metadata.GetAsync("instance/attributes/cluster-name", "clusterName", ct).ConfigureAwait(false);
        foreach (var (name, value) in new[] { ("clusterProjectID", project), ("clusterLocation", location), ("clusterName", cluster) })
        {
            // each goes into the STS audience: one path segment of letters, digits, '-', '_', '.', ':'
            if (value.Length is 0 or > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                throw new StoreConfigException($"store {spec.StoreName}: auth.workloadIdentity.{name} '{Cut(value)}' is not a valid name");
            }
        }
        var pool = project + ".svc.id.goog";
        var provider = $"https://container.googleapis.com/v1/projects/{project}/locations/{location}/clusters/{cluster}";
        var email = await AnnotatedServiceAccountAsync(spec, saRef, field, ct).ConfigureAwait(false);
        return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), $"identitynamespace:{pool}:{provider}",
            c => spec.ServiceAccounts.TokenAsync(saRef, [pool], 900, field, c), email, spec.Context.Ambient.Time);
    }

    public static async Task<GcpTokenSource> FederationAsync(ProviderSpec spec, JsonNode wif, HttpClient http, CancellationToken ct)
    {
        const string field = "auth.workloadIdentityFederation.serviceAccountRef";
        if (FederationForms.Count(f => wif[f] is not null) != 1)
        {
            throw new StoreConfigException($"store {spec.StoreName}: auth.workloadIdentityFederation needs exactly one of credConfig, serviceAccountRef or awsSecurityCredentials");
        }
        var audience = SpecJson.Str(wif["audience"]);
        var email = SpecJson.Str(wif["gcpServiceAccountEmail"]);
        if (email is not null && !email.EndsWith(".iam.gserviceaccount.com", StringComparison.Ordinal) || email is not null && !GcpFederatedTokenSource.IsValidServiceAccountEmail(email))
        {
            throw new StoreConfigException($"store {spec.StoreName}: auth.workloadIdentityFederation.gcpServiceAccountEmail '{Cut(email)}' is not a service account email");
        }
        if (wif["credConfig"] is { } credConfig)
        {
            return await GcpCredConfig.CreateAsync(spec, credConfig, audience, email, SpecJson.Str(wif["externalTokenEndpoint"]), http, ct).ConfigureAwait(false);
        }
        if (audience is null) throw new StoreConfigException(
            $"store {spec.StoreName}: auth.workloadIdentityFederation.audience must be provided with serviceAccountRef or awsSecurityCredentials");
        if (wif["awsSecurityCredentials"] is JsonObject aws) return await GcpAwsFederation.CreateAsync(spec, aws, audience, email, http, ct).ConfigureAwait(false);
        var saRef = wif["serviceAccountRef"] ?? throw new StoreConfigException(
            $"store {spec.StoreName}: auth.workloadIdentityFederation needs credConfig, serviceAccountRef or awsSecurityCredentials");
        email ??= await AnnotatedServiceAccountAsync(spec, saRef, field, ct).ConfigureAwait(false);
        return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), audience,
            c => spec.ServiceAccounts.TokenAsync(saRef, [], null, field, c), email, spec.Context.Ambient.Time);
    }

    /// <summary>The Google service account of the ServiceAccount's <c>iam.gke.io/gcp-service-account</c> annotation, or null.</summary>
    private static async Task<string?> AnnotatedServiceAccountAsync(ProviderSpec spec, JsonNode saRef, string field, CancellationToken ct)
    {
        var annotations = await spec.ServiceAccounts.AnnotationsAsync(saRef, field, ct).ConfigureAwait(false);
        if (annotations.GetValueOrDefault(GoogleServiceAccountAnnotation) is not { Length: > 0 } email) return null;
        return GcpFederatedTokenSource.IsValidServiceAccountEmail(email)
            ? email
            : throw new StoreConfigException($"store {spec.StoreName}: {field}: the annotation {GoogleServiceAccountAnnotation} '{Cut(email)}' is not a service account email");
    }

    private static string Cut(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
