using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// <c>spec.provider.gcpsm.auth.workloadIdentity</c> (ESO v2.9): a token of the named ServiceAccount
/// (<c>serviceAccountRef</c>) for the cluster's identity pool <c>PROJECT.svc.id.goog</c> (plus its own audiences, 15
/// minutes), exchanged at STS for the audience
/// <c>identitynamespace:POOL:https://container.googleapis.com/v1/projects/P/locations/L/clusters/C</c> (cluster facts
/// from <c>clusterProjectID</c>, <c>clusterLocation</c>, <c>clusterName</c>, else the metadata server), then at IAM
/// Credentials for the Google service account of the ServiceAccount's <c>iam.gke.io/gcp-service-account</c> annotation
/// (without it the federated token is used). Vault's <c>auth.gcp.workloadIdentity</c> logs in through it too.
/// </summary>
internal static class GcpWorkloadIdentityAuth
{
    private const string Field = "auth.workloadIdentity.serviceAccountRef";

    /// <summary>The <c>workloadIdentity</c> form of the table (<see cref="GcpStoreAuth"/>).</summary>
    public static GcpAuthSpec Spec { get; } = new("workloadIdentity", "workloadIdentity",
        ["workloadIdentity", "workloadIdentity.serviceAccountRef", "workloadIdentity.clusterLocation", "workloadIdentity.clusterName",
         "workloadIdentity.clusterProjectID"], CreateAsync);

    /// <summary>The token source of a <c>workloadIdentity</c> section <paramref name="wi"/>.</summary>
    public static async Task<GcpTokenSource> CreateAsync(ProviderSpec spec, JsonNode wi, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(wi);
        var saRef = wi["serviceAccountRef"] ?? throw new StoreConfigException($"store {spec.StoreName}: {Field} is required");
        var metadata = new GcpMetadataAttributes(http, spec.Context.Ambient.Environment);
        var project = SpecJson.Str(wi["clusterProjectID"]) ?? await metadata.GetAsync("project/project-id", "clusterProjectID", ct).ConfigureAwait(false);
        var location = SpecJson.Str(wi["clusterLocation"]) ?? await metadata.GetAsync("instance/attributes/cluster-location", "clusterLocation", ct).ConfigureAwait(false);
        var cluster = SpecJson.Str(wi["clusterName"]) ?? await metadata.GetAsync("instance/attributes/cluster-name", "clusterName", ct).ConfigureAwait(false);
        foreach (var (name, value) in new[] { ("clusterProjectID", project), ("clusterLocation", location), ("clusterName", cluster) })
        {
            // each goes into the STS audience: one path segment of letters, digits, '-', '_', '.', ':'
            if (value.Length is 0 or > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                throw new StoreConfigException($"store {spec.StoreName}: auth.workloadIdentity.{name} '{Echo.Bounded(value)}' is not a valid name");
            }
        }
        var pool = project + ".svc.id.goog";
        var provider = $"https://container.googleapis.com/v1/projects/{project}/locations/{location}/clusters/{cluster}";
        var email = await GcpAnnotatedServiceAccount.EmailAsync(spec, saRef, Field, ct).ConfigureAwait(false);
        return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), $"identitynamespace:{pool}:{provider}",
            c => spec.ServiceAccounts.TokenAsync(saRef, [pool], 900, Field, c), email, spec.Context.Ambient.Time);
    }
}
