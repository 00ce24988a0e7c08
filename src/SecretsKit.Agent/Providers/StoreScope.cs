using System.Text.Json.Nodes;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// ESO's referent authentication: a ClusterSecretStore's <c>serviceAccountRef</c> without a namespace names a
/// ServiceAccount of the namespace of the ExternalSecret (or PushSecret) being served, and AWS's <c>sessionTagsPolicy</c>
/// <c>Simple</c>/<c>Custom</c> tags the session with that namespace. Such a store's client is built, and its fetched
/// values shared, per namespace, so two namespaces never share a token, a role session or a value.
/// </summary>
internal static class StoreScope
{
    /// <summary>True when a ClusterSecretStore's client depends on the namespace it serves.</summary>
    public static bool PerNamespace(StoreResource store) =>
        store.Kind == StoreKind.ClusterSecretStore
        && (HasReferentServiceAccount(store.ProviderSpec)
            || (store.ProviderName == "aws" && Json.Str(store.ProviderSpec["sessionTagsPolicy"]) is "Simple" or "Custom"));

    /// <summary>The store as it serves <paramref name="ns"/>: with <see cref="StoreResource.ReferentNamespace"/> when it is per namespace.</summary>
    public static StoreResource For(StoreResource store, string ns) => PerNamespace(store) ? store with { ReferentNamespace = ns } : store;

    private static bool HasReferentServiceAccount(JsonObject node)
    {
        foreach (var (key, value) in node)
        {
            if (value is not JsonObject child) continue;
            if (key == "serviceAccountRef" ? string.IsNullOrEmpty(Json.Str(child["namespace"])) : HasReferentServiceAccount(child)) return true;
        }
        return false;
    }
}
