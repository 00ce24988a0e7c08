namespace SecretsKit.Deploy.Resources;

/// <summary>
/// Kubernetes' built-in kinds, one table for the unittest lookup server and the policy stage's REST mapping: each with
/// its group version and scope (namespaced or cluster-scoped), as the API server's discovery gives them; each resource
/// is the kind's guessed plural (<see cref="KindResources"/>), which is the real one for all of these.
/// <see cref="ServedEverywhere"/> is the stable set every API server serves, so helm can map a chart's ordinary objects
/// through the lookup server even when a render without the suite's objects failed and named none; the other rows
/// (beta, alpha, removed, or newer than the clusters still in use) only tell the policy stage their scope.
/// </summary>
internal static class BuiltInKinds
{
    private static readonly (string GroupVersion, string Namespaced, string Cluster, bool Everywhere)[] Table =
    [
        ("v1", "ConfigMap Endpoints Event LimitRange PersistentVolumeClaim Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount",
            "Namespace Node PersistentVolume", true),
        ("apps/v1", "ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet", "", true),
        ("batch/v1", "CronJob Job", "", true),
        ("autoscaling/v1", "HorizontalPodAutoscaler", "", true),
        ("autoscaling/v2", "HorizontalPodAutoscaler", "", true),
        ("policy/v1", "PodDisruptionBudget", "", true),
        ("networking.k8s.io/v1", "Ingress NetworkPolicy", "IngressClass", true),
        ("rbac.authorization.k8s.io/v1", "Role RoleBinding", "ClusterRole ClusterRoleBinding", true),
        ("storage.k8s.io/v1", "CSIStorageCapacity", "CSIDriver CSINode StorageClass VolumeAttachment", true),
        ("apiextensions.k8s.io/v1", "", "CustomResourceDefinition", true),
        ("admissionregistration.k8s.io/v1", "", "MutatingWebhookConfiguration ValidatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding", true),
        ("scheduling.k8s.io/v1", "", "PriorityClass", true),
        ("coordination.k8s.io/v1", "Lease", "", true),
        ("discovery.k8s.io/v1", "EndpointSlice", "", true),
        ("events.k8s.io/v1", "Event", "", true),
        ("node.k8s.io/v1", "", "RuntimeClass", true),
        ("certificates.k8s.io/v1", "", "CertificateSigningRequest", true),
        ("apiregistration.k8s.io/v1", "", "APIService", true),
        ("flowcontrol.apiserver.k8s.io/v1", "", "FlowSchema PriorityLevelConfiguration", true),
        // known to the policy stage only
        ("v1", "", "ComponentStatus", false),
        ("networking.k8s.io/v1", "", "IPAddress ServiceCIDR", false),
        ("storage.k8s.io/v1", "", "VolumeAttributesClass", false),
        ("resource.k8s.io/v1", "", "DeviceClass ResourceSlice", false),
        ("authentication.k8s.io/v1", "", "TokenReview SelfSubjectReview", false),
        ("authorization.k8s.io/v1", "", "SubjectAccessReview SelfSubjectAccessReview SelfSubjectRulesReview", false),
        ("admissionregistration.k8s.io/v1beta1", "", "MutatingAdmissionPolicy MutatingAdmissionPolicyBinding", false),
        ("certificates.k8s.io/v1beta1", "", "ClusterTrustBundle", false),
        ("internal.apiserver.k8s.io/v1alpha1", "", "StorageVersion", false),
        ("policy/v1beta1", "", "PodSecurityPolicy", false),
    ];

    private static readonly HashSet<string> ClusterScopedKinds =
        new(Rows().Where(r => !r.Kind.Namespaced).Select(r => r.Kind.Kind), StringComparer.Ordinal);

    /// <summary>The kinds every API server serves: group version, kind, resource and whether it is namespaced.</summary>
    public static IEnumerable<BuiltInKind> ServedEverywhere => Rows().Where(k => k.Everywhere).Select(k => k.Kind);

    /// <summary>Every kind of the table, <see cref="ServedEverywhere"/> first.</summary>
    public static IEnumerable<BuiltInKind> All => Rows().Select(k => k.Kind);

    /// <summary>Whether a built-in group's <paramref name="kind"/> is cluster-scoped (by kind: no built-in kind changed its scope between versions).</summary>
    public static bool IsClusterScoped(string kind) => ClusterScopedKinds.Contains(kind);

    private static IEnumerable<(BuiltInKind Kind, bool Everywhere)> Rows() =>
        Table.SelectMany(row => Kinds(row.Namespaced).Select(k => (new BuiltInKind(row.GroupVersion, k, true), row.Everywhere))
            .Concat(Kinds(row.Cluster).Select(k => (new BuiltInKind(row.GroupVersion, k, false), row.Everywhere))));

    private static string[] Kinds(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A built-in kind: its group version (<c>apps/v1</c>, <c>v1</c>), kind and scope; <see cref="Resource"/> its plural.</summary>
internal sealed record BuiltInKind(string GroupVersion, string Kind, bool Namespaced)
{
    public string Group => GroupVersion.Contains('/', StringComparison.Ordinal) ? GroupVersion[..GroupVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Version => GroupVersion[(GroupVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public string Resource => KindResources.Guess(Kind);
}
