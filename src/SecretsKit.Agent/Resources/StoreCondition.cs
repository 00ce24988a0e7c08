using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

/// <summary>One entry of a ClusterSecretStore's <c>spec.conditions</c>: the namespaces it may serve.</summary>
internal sealed record StoreCondition(
    IReadOnlyDictionary<string, string>? MatchLabels,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> NamespaceRegexes)
{
    public static IReadOnlyList<StoreCondition> ParseAll(JsonNode? node) =>
        [.. Json.Objects(node).Select(o => new StoreCondition(
            o["namespaceSelector"] is JsonObject sel ? Json.Map(sel["matchLabels"]) : null,
            Json.Strings(o["namespaces"]),
            Json.Strings(o["namespaceRegexes"])))];

    /// <summary>True when the namespace (with its labels) satisfies this condition (all given parts must match).</summary>
    public bool Admits(string ns, IReadOnlyDictionary<string, string> labels)
    {
        if (MatchLabels is not null && !MatchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value)) return false;
        if (Namespaces.Count > 0 && !Namespaces.Contains(ns)) return false;
        if (NamespaceRegexes.Count > 0 && !NamespaceRegexes.Any(r => System.Text.RegularExpressions.Regex.IsMatch(ns, r,
                System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))) return false;
        return true;
    }
}
