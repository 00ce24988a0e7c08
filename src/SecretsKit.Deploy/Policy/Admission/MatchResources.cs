using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A policy's <c>matchConstraints</c> or a binding's <c>matchResources</c> against a request, as the API server's
/// matcher decides: the namespace selector (a namespaced object: its Namespace's labels, from the input or just
/// <c>kubernetes.io/metadata.name</c>; a Namespace: its own; other cluster-scoped objects always match), the object
/// selector, <c>excludeResourceRules</c>, then <c>resourceRules</c> (none: every resource). A rule matches on API group,
/// version (any version under <c>matchPolicy: Equivalent</c>, the default, since the API server would convert), resource
/// (<c>*</c>, <c>*/*</c>, <c>pods/*</c> match the object itself; a named subresource such as <c>pods/status</c> never does), operation
/// (<c>CREATE</c> or <c>*</c>) and scope; under Equivalent, a rule for a resource stored with the object's in another API
/// group (<see cref="EquivalentResources"/>) matches too, as the API server's second pass does.
/// </summary>
internal static class MatchResources
{
    /// <summary>
    /// Whether the constraints match; <paramref name="through"/> is the equivalent resource (<c>events.events.k8s.io</c>,
    /// <see cref="EquivalentResources"/>) when only that one matched under <c>matchPolicy: Equivalent</c>, as the API
    /// server's second pass finds it; null when the object's own resource matched.
    /// </summary>
    public static bool Matches(JsonObject? match, AdmissionRequest request, Func<string, IReadOnlyDictionary<string, string>> namespaceLabels, out string? through)
    {
        through = null;
        if (match is null) return true;
        if (!NamespaceMatches(match["namespaceSelector"], request, namespaceLabels)) return false;
        if (!LabelSelector.Matches(match["objectSelector"], request.Labels)) return false;
        var exact = LabelSelector.Text(match["matchPolicy"]) == "Exact";
        if (match["excludeResourceRules"] is JsonArray excluded && Match(excluded, request, exact, out _)) return false;
        return match["resourceRules"] is not JsonArray { Count: > 0 } rules || Match(rules, request, exact, out through);
    }

    /// <summary>Any rule for the object's own resource, else (Equivalent) any rule for an equivalent one, named in <paramref name="through"/>.</summary>
    private static bool Match(JsonArray rules, AdmissionRequest request, bool exact, out string? through)
    {
        through = null;
        if (rules.OfType<JsonObject>().Any(r => RuleMatches(r, request, exact, request.Group, request.Resource))) return true;
        if (exact) return false;
        foreach (var (group, resource) in EquivalentResources.For(request.Group, request.Resource))
        {
            if (!rules.OfType<JsonObject>().Any(r => RuleMatches(r, request, exact, group, resource))) continue;
            through = group.Length == 0 ? resource : resource + "." + group;
            return true;
        }
        return false;
    }

    private static bool NamespaceMatches(JsonNode? selector, AdmissionRequest request, Func<string, IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        if (request.IsNamespace) return LabelSelector.Matches(selector, namespaceLabels(request.Name));
        return !request.Namespaced || LabelSelector.Matches(selector, namespaceLabels(request.Namespace));
    }

    private static bool RuleMatches(JsonObject rule, AdmissionRequest request, bool exact, string group, string resourceName)
    {
        if (!Lists(rule["operations"], "CREATE")) return false;
        if (!Lists(rule["apiGroups"], group)) return false;
        if (exact && !Lists(rule["apiVersions"], request.Version)) return false;
        if (!ScopeMatches(LabelSelector.Text(rule["scope"]), request)) return false;
        return rule["resources"] is JsonArray resources && resources.Select(LabelSelector.Text).OfType<string>().Any(r => ResourceMatches(r, resourceName));
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
