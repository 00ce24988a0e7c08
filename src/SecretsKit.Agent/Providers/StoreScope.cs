using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// ESO's referent authentication: a ClusterSecretStore's <c>serviceAccountRef</c> or secret reference
/// (<c>{name, key}</c>: <c>secretRef</c>, <c>tokenSecretRef</c>, <c>accessKeyIDSecretRef</c>, …, and the webhook's
/// <c>secrets[].secretRef</c>, whose key is optional) without a namespace
/// names an object of the namespace of the ExternalSecret (or PushSecret) being served, and AWS's
/// <c>sessionTagsPolicy</c> <c>Simple</c>/<c>Custom</c> tags the session with that namespace. Such a store's client is
/// built, and its fetched values shared, per namespace, so two namespaces never share a token, a credential, a role
/// session or a value. A CA (<c>caProvider</c>) and a ConfigMap reference (<c>credConfig</c>) are not referent: a
/// ClusterSecretStore names their namespace, as in ESO.
/// </summary>
internal static class StoreScope
{
    /// <summary>True when a ClusterSecretStore's client depends on the namespace it serves.</summary>
    public static bool PerNamespace(StoreResource store) =>
        store.Kind == StoreKind.ClusterSecretStore
        && (HasReferent(store.ProviderSpec)
            || (store.ProviderName == "aws" && Json.Str(store.ProviderSpec["sessionTagsPolicy"]) is "Simple" or "Custom"));

    /// <summary>The store as it serves <paramref name="ns"/>: with <see cref="StoreResource.ReferentNamespace"/> when it is per namespace.</summary>
    public static StoreResource For(StoreResource store, string ns) => PerNamespace(store) ? store with { ReferentNamespace = ns } : store;

    /// <summary>
    /// Whether a reference read for <paramref name="field"/> (a spec path) of an object of <paramref name="kind"/>
    /// (<c>secret</c>, <c>configmap</c>) without a namespace is read in the namespace served: Secrets, except a CA's.
    /// </summary>
    public static bool IsReferentField(string field, string kind) =>
        kind == "secret" && !NotReferent.Contains(field[(field.LastIndexOf('.') + 1)..]);

    private static readonly HashSet<string> NotReferent = new(StringComparer.Ordinal) { "caProvider", "credConfig" };

    private static bool HasReferent(JsonObject node)
    {
        foreach (var (key, value) in node)
        {
            if (NotReferent.Contains(key)) continue;
            if (value is JsonArray items && items.OfType<JsonObject>().Any(HasReferent)) return true; // webhook secrets[].secretRef
            if (value is not JsonObject child) continue;
            var unnamespaced = string.IsNullOrEmpty(Json.Str(child["namespace"]));
            var selector = IsSecretKeySelector(child) || (key == "secretRef" && Json.Str(child["name"]) is { Length: > 0 }); // webhook: key optional
            if (key == "serviceAccountRef" ? unnamespaced : (selector && unnamespaced) || HasReferent(child)) return true;
        }
        return false;
    }

    private static bool IsSecretKeySelector(JsonObject node) => Json.Str(node["name"]) is { Length: > 0 } && Json.Str(node["key"]) is not null;
}
