using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// The Google service account a Kubernetes ServiceAccount names in its <c>iam.gke.io/gcp-service-account</c> annotation
/// (GKE Workload Identity's link), which the keyless auth forms impersonate after the token exchange.
/// </summary>
internal static class GcpAnnotatedServiceAccount
{
    public const string Annotation = "iam.gke.io/gcp-service-account";

    /// <summary>The annotated Google service account of the ServiceAccount <paramref name="saRef"/> names, or null without one.</summary>
    public static async Task<string?> EmailAsync(ProviderSpec spec, JsonNode saRef, string field, CancellationToken ct)
    {
        var annotations = await spec.ServiceAccounts.AnnotationsAsync(saRef, field, ct).ConfigureAwait(false);
        if (annotations.GetValueOrDefault(Annotation) is not { Length: > 0 } email) return null;
        return GcpFederatedTokenSource.IsValidServiceAccountEmail(email)
            ? email
            : throw new StoreConfigException($"store {spec.StoreName}: {field}: the annotation {Annotation} '{Echo.Bounded(email)}' is not a service account email");
    }
}
