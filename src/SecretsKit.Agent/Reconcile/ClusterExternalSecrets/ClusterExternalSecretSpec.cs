using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Selectors;

namespace SecretsKit.Agent.Reconcile.ClusterExternalSecrets;

/// <summary>
/// Typed view of a ClusterExternalSecret (<c>external-secrets.io/v1</c>, cluster-scoped): which namespaces get the
/// ExternalSecret (<c>namespaces</c> or any of <c>namespaceSelectors</c>), its name and metadata, its spec, and how
/// often the namespaces are re-checked (<c>refreshTime</c>, default 1m as ESO).
/// </summary>
internal sealed record ClusterExternalSecretSpec(
    string Name,
    string Uid,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> LabelSelectors,
    string ExternalSecretName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    JsonObject ExternalSecretSpec,
    TimeSpan RefreshTime,
    JsonObject Raw)
{
    public static ClusterExternalSecretSpec Parse(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var name = obj.GetName() ?? "";
        var meta = spec["externalSecretMetadata"];
        return new ClusterExternalSecretSpec(name, obj.GetUid() ?? "", Json.Strings(spec["namespaces"]),
            [.. Json.Objects(spec["namespaceSelectors"]).Select(ToLabelSelector)],
            Json.Str(spec["externalSecretName"]) is { Length: > 0 } esName ? esName : name,
            Json.Map(meta?["labels"]), Json.Map(meta?["annotations"]),
            spec["externalSecretSpec"] as JsonObject ?? new JsonObject(),
            RefreshTimeOf(Json.Str(spec["refreshTime"])), obj);
    }

    private static TimeSpan RefreshTimeOf(string? text)
    {
        var parsed = string.IsNullOrWhiteSpace(text) ? TimeSpan.Zero : GoDuration.ParseInterval(text);
        return parsed > TimeSpan.Zero ? parsed : TimeSpan.FromMinutes(1);
    }

    /// <summary>A metav1.LabelSelector as the API's label selector string (an empty selector selects every namespace).</summary>
    private static string ToLabelSelector(JsonObject selector)
    {
        try
        {
            return LabelSelector.Parse(selector).ToQuery();
        }
        catch (InvalidLabelSelectorException e)
        {
            throw new ReconcileException("InvalidSelector", e.Message);
        }
    }
}
