using SecretsKit.Deploy.Policy.Admission;
using SecretsKit.Deploy.Resources;

namespace SecretsKit.Deploy.Tests.Resources;

/// <summary>
/// The one table of Kubernetes' built-in kinds: a sample checked against what a Kubernetes 1.35 API server's discovery
/// says (<c>kubectl api-resources</c>: NAME, APIVERSION, NAMESPACED, KIND), each kind once per group version, and the
/// two readers (the policy stage's REST mapping, the unittest lookup server's served set) reading the same rows.
/// </summary>
public sealed class BuiltInKindsTests
{
    // kubectl api-resources on Kubernetes 1.35: resource, group version, namespaced, kind
    public static TheoryData<string, string, bool, string> Discovery => new()
    {
        { "configmaps", "v1", true, "ConfigMap" },
        { "endpoints", "v1", true, "Endpoints" },
        { "namespaces", "v1", false, "Namespace" },
        { "persistentvolumes", "v1", false, "PersistentVolume" },
        { "componentstatuses", "v1", false, "ComponentStatus" },
        { "serviceaccounts", "v1", true, "ServiceAccount" },
        { "deployments", "apps/v1", true, "Deployment" },
        { "controllerrevisions", "apps/v1", true, "ControllerRevision" },
        { "cronjobs", "batch/v1", true, "CronJob" },
        { "horizontalpodautoscalers", "autoscaling/v2", true, "HorizontalPodAutoscaler" },
        { "poddisruptionbudgets", "policy/v1", true, "PodDisruptionBudget" },
        { "ingresses", "networking.k8s.io/v1", true, "Ingress" },
        { "networkpolicies", "networking.k8s.io/v1", true, "NetworkPolicy" },
        { "ingressclasses", "networking.k8s.io/v1", false, "IngressClass" },
        { "ipaddresses", "networking.k8s.io/v1", false, "IPAddress" },
        { "servicecidrs", "networking.k8s.io/v1", false, "ServiceCIDR" },
        { "clusterrolebindings", "rbac.authorization.k8s.io/v1", false, "ClusterRoleBinding" },
        { "rolebindings", "rbac.authorization.k8s.io/v1", true, "RoleBinding" },
        { "csistoragecapacities", "storage.k8s.io/v1", true, "CSIStorageCapacity" },
        { "storageclasses", "storage.k8s.io/v1", false, "StorageClass" },
        { "volumeattributesclasses", "storage.k8s.io/v1", false, "VolumeAttributesClass" },
        { "customresourcedefinitions", "apiextensions.k8s.io/v1", false, "CustomResourceDefinition" },
        { "validatingadmissionpolicybindings", "admissionregistration.k8s.io/v1", false, "ValidatingAdmissionPolicyBinding" },
        { "priorityclasses", "scheduling.k8s.io/v1", false, "PriorityClass" },
        { "leases", "coordination.k8s.io/v1", true, "Lease" },
        { "endpointslices", "discovery.k8s.io/v1", true, "EndpointSlice" },
        { "events", "events.k8s.io/v1", true, "Event" },
        { "runtimeclasses", "node.k8s.io/v1", false, "RuntimeClass" },
        { "certificatesigningrequests", "certificates.k8s.io/v1", false, "CertificateSigningRequest" },
        { "apiservices", "apiregistration.k8s.io/v1", false, "APIService" },
        { "prioritylevelconfigurations", "flowcontrol.apiserver.k8s.io/v1", false, "PriorityLevelConfiguration" },
        { "deviceclasses", "resource.k8s.io/v1", false, "DeviceClass" },
        { "selfsubjectaccessreviews", "authorization.k8s.io/v1", false, "SelfSubjectAccessReview" },
        { "tokenreviews", "authentication.k8s.io/v1", false, "TokenReview" },
    };

    [Theory]
    [MemberData(nameof(Discovery))]
    public void A_kind_has_discoverys_group_version_resource_and_scope(string resource, string groupVersion, bool namespaced, string kind)
    {
        var row = Assert.Single(BuiltInKinds.All, k => k.GroupVersion == groupVersion && k.Kind == kind);
        Assert.Equal(resource, row.Resource);
        Assert.Equal(namespaced, row.Namespaced);
        Assert.Equal(groupVersion, row.Group.Length == 0 ? row.Version : $"{row.Group}/{row.Version}");
        Assert.Equal(ResourceNames.Split(groupVersion), (row.Group, row.Version));
    }

    [Fact]
    public void Each_kind_is_listed_once_per_group_version_with_one_scope()
    {
        var all = BuiltInKinds.All.ToList();
        Assert.Equal(all.Count, all.Select(k => (k.GroupVersion, k.Kind)).Distinct().Count());
        Assert.All(all.GroupBy(k => k.Kind), g => Assert.Single(g.Select(k => k.Namespaced).Distinct()));
    }

    [Fact]
    public void The_policy_stage_maps_built_in_kinds_by_the_table_and_a_custom_group_as_namespaced()
    {
        var names = new ResourceNames([]);
        Assert.False(names.Namespaced("", "Namespace"));
        Assert.False(names.Namespaced("storage.k8s.io", "VolumeAttributesClass"));
        Assert.False(names.Namespaced("policy", "PodSecurityPolicy"));
        Assert.True(names.Namespaced("apps", "Deployment"));
        Assert.True(names.Namespaced("example.com", "ClusterRole")); // a custom group's kind of the same name: its CRD would say
        Assert.Equal("networkpolicies", names.Resource("networking.k8s.io", "NetworkPolicy"));
    }

    [Fact]
    public void The_lookup_server_serves_the_stable_set_only()
    {
        var served = BuiltInKinds.ServedEverywhere.ToList();
        Assert.Contains(served, k => k is { GroupVersion: "apps/v1", Kind: "Deployment", Namespaced: true });
        Assert.Contains(served, k => k is { GroupVersion: "v1", Kind: "Namespace", Namespaced: false });
        Assert.DoesNotContain(served, k => k.GroupVersion.Contains("beta", StringComparison.Ordinal) || k.GroupVersion.Contains("alpha", StringComparison.Ordinal));
        Assert.DoesNotContain(served, k => k.Kind is "PodSecurityPolicy" or "ComponentStatus");
        Assert.Equal(51, served.Count); // the 19 stable group versions' kinds
    }
}
