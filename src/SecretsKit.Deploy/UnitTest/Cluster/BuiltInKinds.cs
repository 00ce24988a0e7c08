using SecretsKit.Deploy.Resources;

namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>
/// The kinds every Kubernetes API server serves (the stable built-in group versions), so helm can map a chart's
/// ordinary objects through the lookup server even when a render without the suite's objects failed and named none;
/// each resource is the kind's guessed plural (<see cref="KindResources"/>), which is the real one for all of these.
/// </summary>
internal static class BuiltInKinds
{
    private static readonly (string GroupVersion, string Namespaced, string Cluster)[] Table =
    [
        ("v1", "ConfigMap Endpoints Event LimitRange PersistentVolumeClaim Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount",
            "Namespace Node PersistentVolume"),
        ("apps/v1", "ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet", ""),
        ("batch/v1", "CronJob Job", ""),
        ("autoscaling/v1", "HorizontalPodAutoscaler", ""),
        ("autoscaling/v2", "HorizontalPodAutoscaler", ""),
        ("policy/v1", "PodDisruptionBudget", ""),
        ("networking.k8s.io/v1", "Ingress NetworkPolicy", "IngressClass"),
        ("rbac.authorization.k8s.io/v1", "Role RoleBinding", "ClusterRole ClusterRoleBinding"),
        ("storage.k8s.io/v1", "CSIStorageCapacity", "CSIDriver CSINode StorageClass VolumeAttachment"),
        ("apiextensions.k8s.io/v1", "", "CustomResourceDefinition"),
        ("admissionregistration.k8s.io/v1", "", "MutatingWebhookConfiguration ValidatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding"),
        ("scheduling.k8s.io/v1", "", "PriorityClass"),
        ("coordination.k8s.io/v1", "Lease", ""),
        ("discovery.k8s.io/v1", "EndpointSlice", ""),
        ("events.k8s.io/v1", "Event", ""),
        ("node.k8s.io/v1", "", "RuntimeClass"),
        ("certificates.k8s.io/v1", "", "CertificateSigningRequest"),
        ("apiregistration.k8s.io/v1", "", "APIService"),
        ("flowcontrol.apiserver.k8s.io/v1", "", "FlowSchema PriorityLevelConfiguration"),
    ];

    /// <summary>Each built-in kind: its group version, kind and whether it is namespaced.</summary>
    public static IEnumerable<(string GroupVersion, string Kind, bool Namespaced)> All =>
        Table.SelectMany(row => Kinds(row.Namespaced).Select(k => (row.GroupVersion, k, true))
            .Concat(Kinds(row.Cluster).Select(k => (row.GroupVersion, k, false))));

    private static string[] Kinds(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
