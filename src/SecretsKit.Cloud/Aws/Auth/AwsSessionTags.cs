using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// The session tags of the AWS store's <c>role</c>, by ESO v2.9's <c>sessionTagsPolicy</c>: <c>None</c> (the default) sends
/// <c>sessionTags</c> as written; <c>Simple</c> sends instead <c>esoNamespace</c> (the namespace the client acts for: the
/// ExternalSecret's, for a ClusterSecretStore), <c>esoStoreName</c> and <c>esoStoreKind</c>; <c>Custom</c> sends those three
/// plus <c>customSessionTags</c> (entries with an empty key or value are dropped, and the three reserved keys are refused,
/// as ESO's CRD does). <c>transitiveTagKeys</c> go with any of them. Tags are sent in key order.
/// </summary>
internal static class AwsSessionTags
{
    private static readonly string[] Reserved = ["esoNamespace", "esoStoreName", "esoStoreKind"];

    public static (IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyList<string> TransitiveTagKeys) Of(ProviderSpec spec)
    {
        var p = spec.Spec;
        var transitive = p["transitiveTagKeys"] is JsonArray k ? k.Select(SpecJson.Str).OfType<string>().ToList() : [];
        var policy = SpecJson.Str(p["sessionTagsPolicy"]) ?? "None";
        if (policy == "None")
        {
            var written = p["sessionTags"] is JsonArray t
                ? t.OfType<JsonObject>().Select(o => KeyValuePair.Create(SpecJson.Str(o["key"]) ?? "", SpecJson.Str(o["value"]) ?? "")).Where(kv => kv.Key.Length > 0).ToList()
                : [];
            return (written, transitive);
        }
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (policy == "Custom" && p["customSessionTags"] is JsonObject custom)
        {
            foreach (var (key, value) in custom)
            {
                if (Reserved.Contains(key))
                {
                    throw new StoreConfigException($"store {spec.StoreName}: spec.provider.aws.customSessionTags cannot contain the reserved key '{key}' "
                        + "(esoNamespace, esoStoreName and esoStoreKind are added by sessionTagsPolicy)");
                }
                if (key.Length > 0 && SpecJson.Str(value) is { Length: > 0 } v) tags[key] = v;
            }
        }
        tags["esoNamespace"] = spec.Namespace ?? "";
        tags["esoStoreName"] = spec.StoreName;
        tags["esoStoreKind"] = spec.StoreKind;
        return ([.. tags], transitive);
    }
}
