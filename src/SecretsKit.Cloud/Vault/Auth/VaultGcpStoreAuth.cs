using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Gcp;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Keys;
using SecretsKit.Cloud.Gcp.Stores;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// ESO's <c>auth.gcp</c> (VaultGCPAuth) as a <see cref="VaultGcpAuth"/> of <c>iam</c> type: <c>path</c> (default
/// <c>gcp</c>), <c>role</c>; the caller of <c>signJwt</c> is the service account of a JSON key (<c>secretRef</c>, signing as
/// its <c>client_email</c>) or a ServiceAccount through GKE Workload Identity (<c>workloadIdentity</c>, as gcpsm's, with
/// <c>projectID</c> as the default cluster project; signing as its <c>iam.gke.io/gcp-service-account</c>). With no
/// credentials, a ClusterSecretStore only: the agent's own identity at the metadata server, signing as the instance's
/// default service account (an <c>iam</c> login, where ESO logs in with the GCE type). <c>serviceAccountRef</c> is ESO's
/// way of saying the same (ESO uses the controller pod's identity, not the named ServiceAccount): a ClusterSecretStore's
/// is the agent's identity as above, a SecretStore's is refused.
/// </summary>
internal static class VaultGcpStoreAuth
{
    /// <summary>The <c>auth.gcp</c> method of the table (<see cref="VaultAuthMethods"/>).</summary>
    public static VaultAuthSpec Spec { get; } = new("gcp", ["path", "role", "projectID", "location", .. GcpKeyAuth.Spec.Fields, .. GcpWorkloadIdentityAuth.Spec.Fields, "serviceAccountRef"],
        async (spec, section, ct) => await CreateAsync(spec, (System.Text.Json.Nodes.JsonObject)section, ct));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope",
        Justification = "The HttpClient is held by the returned auth method for the store's lifetime.")]
    public static async Task<VaultGcpAuth> CreateAsync(ProviderSpec spec, JsonObject gcp, CancellationToken ct)
    {
        var role = SpecJson.Str(gcp["role"]) ?? throw new StoreConfigException($"store {spec.StoreName}: auth.gcp.role is required");
        var mount = SpecJson.Str(gcp["path"]) ?? "gcp";
        var http = GcpHttp.Create(spec.Context.Retry);
        string email;
        GcpTokenSource tokens;
        if (gcp["secretRef"]?["secretAccessKeySecretRef"] is { } keyRef)
        {
            const string field = "auth.gcp.secretRef.secretAccessKeySecretRef";
            var key = await spec.Credentials.ReadAsync(keyRef, field, ct);
            email = ClientEmail(spec, key);
            tokens = GcpStoreKey.Tokens(spec, key, field, http);
        }
        else if (gcp["workloadIdentity"] is JsonObject wi)
        {
            var merged = (JsonObject)wi.DeepClone();
            if (merged["clusterProjectID"] is null && SpecJson.Str(gcp["projectID"]) is { } project) merged["clusterProjectID"] = project;
            const string field = "auth.gcp.workloadIdentity.serviceAccountRef";
            var annotations = await spec.ServiceAccounts.AnnotationsAsync(wi["serviceAccountRef"], field, ct);
            email = annotations.GetValueOrDefault(GcpAnnotatedServiceAccount.Annotation) is { Length: > 0 } annotated
                && GcpFederatedTokenSource.IsValidServiceAccountEmail(annotated)
                ? annotated
                : throw new StoreConfigException($"store {spec.StoreName}: {field}: the ServiceAccount needs a valid "
                    + $"{GcpAnnotatedServiceAccount.Annotation} annotation (the Google service account the Vault login signs as)");
            tokens = await GcpWorkloadIdentityAuth.CreateAsync(spec, merged, http, ct);
        }
        else if (spec.MayUseAgentServiceAccount)
        {
            // a ClusterSecretStore without credentials: the agent pod's own identity at the metadata server (GKE Workload
            // Identity or the node's account), signing as the instance's default service account
            var environment = spec.Context.Ambient.Environment;
            email = await new GcpMetadataAttributes(http, environment).GetAsync("instance/service-accounts/default/email", "auth.gcp", ct);
            if (!GcpFederatedTokenSource.IsValidServiceAccountEmail(email))
            {
                throw new StoreConfigException($"store {spec.StoreName}: auth.gcp: the metadata server's service account email is not a service account email");
            }
            tokens = new GcpMetadataTokenSource(http, environment.Get("GCE_METADATA_HOST") ?? "metadata.google.internal", spec.Context.Ambient.Time);
        }
        else if (gcp["serviceAccountRef"] is not null)
        {
            // ESO logs in with the controller pod's own identity whatever ServiceAccount this names (its GCE method)
            throw new StoreConfigException($"store {spec.StoreName}: auth.gcp.serviceAccountRef means the agent's own Google identity (as in ESO, "
                + "the named ServiceAccount is not used), which only a ClusterSecretStore may use; a SecretStore uses secretRef or workloadIdentity");
        }
        else
        {
            throw new StoreConfigException($"store {spec.StoreName}: auth.gcp needs secretRef or workloadIdentity in a SecretStore; "
                + "only a ClusterSecretStore may use the agent's own Google identity");
        }
        return new VaultGcpAuth(role, email, new GcpIamJwtSigner(http, spec.Context.Setting<GcpEndpoints>(), tokens), mount, spec.Context.Time);
    }

    /// <summary>The key's <c>client_email</c>: the account the JWT is signed as (it goes into a URL path, so it is checked).</summary>
    private static string ClientEmail(ProviderSpec spec, string key)
    {
        string? email = null;
        try
        {
            email = JsonNode.Parse(key)?["client_email"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (JsonException)
        {
        }
        return email is not null && GcpFederatedTokenSource.IsValidServiceAccountEmail(email)
            ? email
            : throw new StoreConfigException($"store {spec.StoreName}: auth.gcp.secretRef.secretAccessKeySecretRef is not a service account key with a client_email");
    }
}
