namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The resources the API server treats as one under <c>matchPolicy: Equivalent</c> across API groups: those that share
/// one storage (kube-apiserver's cohabitating resources) and are all still served. Of the pairs Kubernetes declares
/// (apps/extensions deployments, daemonsets and replicasets, networking/extensions networkpolicies and ingresses,
/// policy/extensions podsecuritypolicies, core/events.k8s.io events), only core <c>events</c> and
/// <c>events.k8s.io</c> <c>events</c> are both served since Kubernetes 1.22; the others' extensions side is gone, so
/// they have no equivalent any more. Versions of one group are the matcher's concern (any version matches).
/// </summary>
internal static class EquivalentResources
{
    private static readonly (string Group, string Resource)[][] Sets =
    [
        [("", "events"), ("events.k8s.io", "events")],
    ];

    /// <summary>The other group/resources stored with <paramref name="group"/>/<paramref name="resource"/>.</summary>
    public static IEnumerable<(string Group, string Resource)> For(string group, string resource) =>
        Sets.Where(s => s.Contains((group, resource))).SelectMany(s => s).Where(e => e != (group, resource));
}
