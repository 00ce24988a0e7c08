using System.Text.Json.Nodes;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// <c>spec.provider.gcpsm.auth.workloadIdentityFederation</c> (ESO v2.9), exactly one of: <c>serviceAccountRef</c> with
/// <c>audience</c>, a token of the ServiceAccount (its own audiences) exchanged at STS for <c>audience</c>;
/// <c>awsSecurityCredentials</c> (<c>region</c>, <c>awsCredentialsSecretRef</c>) with <c>audience</c>, an AWS-signed
/// GetCallerIdentity as the subject token (<see cref="GcpAwsFederation"/>); <c>credConfig</c>, an external account
/// configuration from a ConfigMap (<see cref="GcpCredConfig"/>; its <c>url</c> source must equal
/// <c>externalTokenEndpoint</c>). Then impersonation of <c>gcpServiceAccountEmail</c> or the annotated account. None but
/// credConfig's aws source (ClusterSecretStores only) ever uses the agent's own identity.
/// </summary>
internal static class GcpFederationAuth
{
    private const string Section = "auth.workloadIdentityFederation";

    /// <summary>ESO's three forms of workloadIdentityFederation, of which exactly one is given.</summary>
    private static readonly string[] Forms = ["credConfig", "serviceAccountRef", "awsSecurityCredentials"];

    /// <summary>The <c>workloadIdentityFederation</c> form of the table (<see cref="GcpStoreAuth"/>).</summary>
    public static GcpAuthSpec Spec { get; } = new("workloadIdentityFederation", "workloadIdentityFederation",
        ["workloadIdentityFederation", "workloadIdentityFederation.serviceAccountRef", "workloadIdentityFederation.audience",
         "workloadIdentityFederation.gcpServiceAccountEmail", "workloadIdentityFederation.awsSecurityCredentials",
         "workloadIdentityFederation.awsSecurityCredentials.region", "workloadIdentityFederation.awsSecurityCredentials.awsCredentialsSecretRef",
         "workloadIdentityFederation.credConfig", "workloadIdentityFederation.externalTokenEndpoint"], CreateAsync);

    private static async Task<GcpTokenSource> CreateAsync(ProviderSpec spec, JsonNode wif, HttpClient http, CancellationToken ct)
    {
        if (Forms.Count(f => wif[f] is not null) != 1)
        {
            throw new StoreConfigException($"store {spec.StoreName}: {Section} needs exactly one of {Alternatives.Or(Forms)}");
        }
        var audience = SpecJson.Str(wif["audience"]);
        var email = SpecJson.Str(wif["gcpServiceAccountEmail"]);
        if (email is not null && !email.EndsWith(".iam.gserviceaccount.com", StringComparison.Ordinal) || email is not null && !GcpFederatedTokenSource.IsValidServiceAccountEmail(email))
        {
            throw new StoreConfigException($"store {spec.StoreName}: {Section}.gcpServiceAccountEmail '{Echo.Bounded(email)}' is not a service account email");
        }
        if (wif["credConfig"] is { } credConfig)
        {
            var site = new GcpCredConfigSite(credConfig, $"{Section}.credConfig", $"{Section}.externalTokenEndpoint", audience, email,
                SpecJson.Str(wif["externalTokenEndpoint"]));
            return await GcpCredConfig.CreateAsync(spec, site, http, ct).ConfigureAwait(false);
        }
        if (audience is null) throw new StoreConfigException(
            $"store {spec.StoreName}: {Section}.audience must be provided with serviceAccountRef or awsSecurityCredentials");
        if (wif["awsSecurityCredentials"] is JsonObject aws) return await AwsAsync(spec, aws, audience, email, http, ct).ConfigureAwait(false);
        var saRef = wif["serviceAccountRef"] ?? throw new StoreConfigException(
            $"store {spec.StoreName}: {Section} needs {Alternatives.Or(Forms)}");
        const string field = Section + ".serviceAccountRef";
        email ??= await GcpAnnotatedServiceAccount.EmailAsync(spec, saRef, field, ct).ConfigureAwait(false);
        return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), audience,
            c => spec.ServiceAccounts.TokenAsync(saRef, [], null, field, c), email, spec.Context.Ambient.Time);
    }

    /// <summary><c>awsSecurityCredentials</c>: its <c>region</c> names the STS host the request is signed for, so it is checked.</summary>
    private static Task<GcpTokenSource> AwsAsync(ProviderSpec spec, JsonObject aws, string audience, string? email, HttpClient http, CancellationToken ct)
    {
        const string field = Section + ".awsSecurityCredentials";
        var region = SpecJson.Str(aws["region"]) ?? throw new StoreConfigException($"store {spec.StoreName}: {field}.region is required");
        if (!AwsRegionName.IsValid(region))
        {
            throw new StoreConfigException($"store {spec.StoreName}: {field}.region '{(region.Length > 50 ? region[..50] + "…" : region)}' is not a region name");
        }
        var keys = aws["awsCredentialsSecretRef"] as JsonObject
            ?? throw new StoreConfigException($"store {spec.StoreName}: {field}.awsCredentialsSecretRef is required");
        return GcpAwsFederation.CreateAsync(spec, region, keys, field + ".awsCredentialsSecretRef", audience, email, http, ct);
    }
}
