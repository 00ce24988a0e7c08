using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Selectors;

namespace SecretsKit.Agent.Model;

/// <summary>
/// One entry of a ClusterSecretStore's <c>spec.conditions</c>: the namespaces it may serve. Evaluated as ESO does:
/// the parts of one condition are ORed (the namespace matches the <c>namespaceSelector</c>, or is listed in
/// <c>namespaces</c>, or matches one of <c>namespaceRegexes</c>), so a condition with no part (<c>{}</c>) admits no
/// namespace; a present but empty <c>namespaceSelector</c> selects every namespace, as a Kubernetes selector does.
/// </summary>
internal sealed record StoreCondition(
    LabelSelector? NamespaceSelector,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> NamespaceRegexes)
{
    public static IReadOnlyList<StoreCondition> ParseAll(JsonNode? node) =>
        [.. Json.Objects(node).Select(o => new StoreCondition(
            o["namespaceSelector"] is JsonObject sel ? LabelSelector.Parse(sel) : null,
            Json.Strings(o["namespaces"]),
            Json.Strings(o["namespaceRegexes"])))];

    /// <summary>
    /// True when the namespace (with its labels) satisfies any part of this condition. An invalid selector or regex
    /// fails closed: <see cref="ReconcileException"/>.
    /// </summary>
    public bool Admits(string ns, IReadOnlyDictionary<string, string> labels)
    {
        try
        {
            if (NamespaceSelector is not null && NamespaceSelector.Matches(labels)) return true;
        }
        catch (InvalidLabelSelectorException e)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"spec.conditions[].namespaceSelector: {e.Message}");
        }
        if (Namespaces.Contains(ns, StringComparer.Ordinal)) return true;
        const string Field = "spec.conditions[].namespaceRegexes";
        return NamespaceRegexes.Any(pattern => TenantPattern.IsMatch(Field, pattern, TenantPattern.Compile(Field, pattern), ns));
    }
}
