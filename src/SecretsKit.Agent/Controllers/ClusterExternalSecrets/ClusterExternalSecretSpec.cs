using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Selectors;

namespace SecretsKit.Agent.Controllers.ClusterExternalSecrets;

/// <summary>
/// Typed view of a ClusterExternalSecret (<c>external-secrets.io/v1</c>, cluster-scoped): which namespaces get the
/// ExternalSecret (<c>namespaces</c>, or the deprecated <c>namespaceSelector</c> or any of <c>namespaceSelectors</c>, as ESO
/// puts the singular one first in the list), its name and metadata, its spec, and how
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
    /// <summary>A part of the spec with the wrong shape or an invalid selector; the reconcile reports it instead of provisioning.</summary>
    public SpecProblem? Problem { get; init; }

    /// <summary>Never throws: a malformed part becomes <see cref="Problem"/> (see <see cref="SpecReader"/>).</summary>
    public static ClusterExternalSecretSpec Parse(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var name = obj.GetName() ?? "";
        var reader = new SpecReader(obj);
        reader.Expect(spec, "spec", ("namespaceSelector", JsonValueKind.Object), ("namespaceSelectors", JsonValueKind.Array), ("externalSecretName", JsonValueKind.String),
            ("externalSecretMetadata", JsonValueKind.Object), ("externalSecretSpec", JsonValueKind.Object), ("refreshTime", JsonValueKind.String));
        var meta = spec["externalSecretMetadata"] as JsonObject ?? new JsonObject();
        reader.Expect(meta, "spec.externalSecretMetadata", ("labels", JsonValueKind.Object), ("annotations", JsonValueKind.Object));
        reader.ExpectStrings(spec, "spec", "namespaces");
        var selectors = new List<string>();
        SpecProblem? invalidSelector = null;
        var single = spec["namespaceSelector"] is JsonObject one ? new[] { ("spec.namespaceSelector", one) } : [];
        foreach (var (path, selector) in single.Concat(Json.Objects(spec["namespaceSelectors"]).Select(s => ("spec.namespaceSelectors", s))))
        {
            try
            {
                selectors.Add(LabelSelector.Parse(selector).ToQuery());
            }
            catch (InvalidLabelSelectorException e)
            {
                invalidSelector ??= new SpecProblem(path, e.Message);
            }
        }
        return new ClusterExternalSecretSpec(name, obj.GetUid() ?? "", Json.Strings(spec["namespaces"]), selectors,
            Json.Str(spec["externalSecretName"]) is { Length: > 0 } esName ? esName : name,
            Json.Map(meta["labels"]), Json.Map(meta["annotations"]),
            spec["externalSecretSpec"] as JsonObject ?? new JsonObject(),
            RefreshTimeOf(Json.Str(spec["refreshTime"])), obj) { Problem = reader.Problem ?? invalidSelector };
    }

    private static TimeSpan RefreshTimeOf(string? text)
    {
        var parsed = string.IsNullOrWhiteSpace(text) ? TimeSpan.Zero : RefreshIntervals.Parse(text);
        return parsed > TimeSpan.Zero ? parsed : TimeSpan.FromMinutes(1);
    }

}
