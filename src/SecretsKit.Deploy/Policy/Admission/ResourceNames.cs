using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The resource (plural, lower-case) and scope of a kind, as the API server's REST mapping gives them: a
/// CustomResourceDefinition in the input names its own (<c>spec.names.plural</c>, <c>spec.scope</c>); a built-in kind is
/// lower-cased and pluralized as Kubernetes' own guess does (<c>-s</c> → <c>-ses</c>, <c>-y</c> → <c>-ies</c>, else
/// <c>-s</c>), with the exceptions and cluster-scoped kinds listed here.
/// </summary>
internal sealed class ResourceNames
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["Endpoints"] = "endpoints",
    };

    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Namespace", "Node", "PersistentVolume", "ComponentStatus", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "APIService", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeAttributesClass", "PriorityClass",
        "RuntimeClass", "IngressClass", "PodSecurityPolicy", "CertificateSigningRequest", "ClusterTrustBundle",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "FlowSchema",
        "PriorityLevelConfiguration", "TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
        "SelfSubjectReview", "DeviceClass", "ResourceSlice", "IPAddress", "ServiceCIDR", "StorageVersion",
    };

    private readonly Dictionary<(string Group, string Kind), (string Resource, bool Namespaced)> _custom = [];

    /// <summary>Learns the kinds of the CustomResourceDefinitions among <paramref name="objects"/>.</summary>
    public ResourceNames(IEnumerable<JsonObject> objects)
    {
        foreach (var crd in objects.Where(o => LabelSelector.Text(o["kind"]) == "CustomResourceDefinition"))
        {
            if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names) continue;
            if (LabelSelector.Text(names["kind"]) is not { } kind || LabelSelector.Text(names["plural"]) is not { } plural) continue;
            _custom[(LabelSelector.Text(spec["group"]) ?? "", kind)] = (plural, LabelSelector.Text(spec["scope"]) != "Cluster");
        }
    }

    public string Resource(string group, string kind) =>
        _custom.TryGetValue((group, kind), out var c) ? c.Resource : Irregular.TryGetValue(kind, out var r) ? r : Guess(kind);

    public bool Namespaced(string group, string kind) =>
        _custom.TryGetValue((group, kind), out var c) ? c.Namespaced : !(IsBuiltInGroup(group) && ClusterScoped.Contains(kind));

    /// <summary>Splits <c>apps/v1</c> into (<c>apps</c>, <c>v1</c>) and <c>v1</c> into (<c>""</c>, <c>v1</c>).</summary>
    public static (string Group, string Version) Split(string? apiVersion)
    {
        var text = apiVersion ?? "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", text) : (text[..slash], text[(slash + 1)..]);
    }

    private static bool IsBuiltInGroup(string group) => group.Length == 0 || group.EndsWith(".k8s.io", StringComparison.Ordinal) || !group.Contains('.', StringComparison.Ordinal);

    private static string Guess(string kind)
    {
        var singular = kind.ToLowerInvariant();
        if (singular.Length == 0) return singular;
        return singular[^1] switch
        {
            's' => singular + "es",
            'y' => singular[..^1] + "ies",
            _ => singular + "s",
        };
    }
}
