using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>A ConfigMap's <c>data</c> entries whose values are text, with their lines.</summary>
internal static class ConfigMapData
{
    public static IEnumerable<(string Key, string Value)> Entries(PolicyObject o) =>
        o.Kind == "ConfigMap" && o.Root["data"] is JsonObject data
            ? data.Select(p => (p.Key, Rego.Text(p.Value))).Where(p => p.Item2 is not null).Select(p => (p.Key, p.Item2!))
            : [];

    /// <summary>The data keys (never the values) that <paramref name="found"/> reports, as one finding per key.</summary>
    public static IEnumerable<PolicyHit> Hits(IEnumerable<string> found, string advice) =>
        found.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(k => new PolicyHit("data." + k, advice));
}
