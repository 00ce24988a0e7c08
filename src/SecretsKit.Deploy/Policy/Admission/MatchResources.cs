using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A policy's <c>matchConstraints</c> or a binding's <c>matchResources</c> against a request, as the API server's
/// matcher decides: the namespace selector (a namespaced object: its Namespace's labels, from the input or just
/// <c>kubernetes.io/metadata.name</c>; a Namespace: its own; other cluster-scoped objects always match), the object
/// selector, <c>excludeResourceRules</c>, then <c>resourceRules</c> (none: every resource). A rule matches on API group,
/// version (any version under <c>matchPolicy: Equivalent</c>, the default, since the API server would convert), resource
/// (<c>*</c>, <c>*/*</c>, <c>pods/*</c> match the object itself; a named subresource such as <c>pods/status</c> never does), operation
/// (<c>CREATE</c> or <c>*</c>) and scope.
/// </summary>
internal static class MatchResources
{
    public static bool Matches(JsonObject? match, AdmissionRequest request, Func<string, IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        if (match is null) return true;
        if (!NamespaceMatches(match["namespaceSelector"], request, namespaceLabels)) return false;
        if (!LabelSelector.Matches(match["objectSelector"], request.Labels)) return false;
        var exact = LabelSelector.Text(match["matchPolicy"]) == "Exact";
        if (match["excludeResourceRules"] is JsonArray excluded && excluded.OfType<JsonObject>().Any(r => RuleMatches(r, request, exact))) return false;
        return match["resourceRules"] is not JsonArray { Count: > 0 } rules || rules.OfType<JsonObject>().Any(r => RuleMatches(r, request, exact));
    }

    private static bool NamespaceMatches(JsonNode? selector, AdmissionRequest request, Func<string, IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        if (request.IsNamespace) return LabelSelector.Matches(selector, namespaceLabels(request.Name));
        return !request.Namespaced || LabelSelector.Matches(selector, namespaceLabels(request.Namespace));
    }

    internal static bool RuleMatches(JsonObject rule, AdmissionRequest request, bool exact)
    {
        if (!Lists(rule["operations"], "CREATE")) return false;
        if (!Lists(rule["apiGroups"], request.Group)) return false;
        if (exact && !Lists(rule["apiVersions"], request.Version)) return false;
        if (!ScopeMatches(LabelSelector.Text(rule["scope"]), request)) return false;
        return rule["resources"] is JsonArray resources && resources.Select(LabelSelector.Text).OfType<string>().Any(r => ResourceMatches(r, request.Resource));
    }

    private static bool Lists(JsonNode? list, string value) =>
        list is JsonArray a && a.Select(LabelSelector.Text).Any(v => v == "*" || v == value);

    private static bool ScopeMatches(string? scope, AdmissionRequest request) => scope switch
    {
        "Cluster" => !request.Namespaced,
        "Namespaced" => request.Namespaced,
        _ => true,
    };

    /// <summary><c>pods</c>, <c>*</c>, <c>*/*</c> and <c>pods/*</c> match the object itself (the API server compares the subresource part with <c>*</c> or exactly, and a create has none); <c>pods/status</c> and <c>*/scale</c> never do.</summary>
    private static bool ResourceMatches(string rule, string resource)
    {
        var slash = rule.IndexOf('/', StringComparison.Ordinal);
        var (name, sub) = slash < 0 ? (rule, "") : (rule[..slash], rule[(slash + 1)..]);
        return (name == "*" || name == resource) && (sub == "*" || sub.Length == 0);
    }
}
