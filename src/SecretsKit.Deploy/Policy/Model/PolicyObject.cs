using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// One Kubernetes object as the checks see it (trivy-checks' <c>lib.kubernetes</c>): kind, name, namespace
/// (<c>default</c> when unset), its pods (the object for a Pod, <c>spec.template</c> for a controller,
/// <c>spec.jobTemplate.spec.template</c> for a CronJob), their containers and volumes.
/// </summary>
internal sealed class PolicyObject
{
    private static readonly HashSet<string> Controllers = new(StringComparer.Ordinal)
    {
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job",
    };

    private List<PodTemplate>? _pods;
    private List<PodContainer>? _containers;

    public PolicyObject(JsonObject root, string? kubernetesVersion = null)
    {
        Root = root;
        KubernetesVersion = kubernetesVersion;
    }

    public JsonObject Root { get; }

    /// <summary>The Kubernetes version the checks that depend on one compare with (<c>--kube-version</c>); null: none given.</summary>
    public string? KubernetesVersion { get; }

    /// <summary>The values the object was rendered with and their sources (the plain-text checks); null when not known.</summary>
    public ValueProvenance? Values { get; init; }

    public string? Kind => Rego.Text(Root["kind"]);

    public string? ApiVersion => Rego.Text(Root["apiVersion"]);

    /// <summary><c>metadata.name</c> as Rego's sprintf prints it; null when undefined (a message naming it is then undefined: no finding).</summary>
    public string? Name => Rego.TryAt(Root, out var v, "metadata", "name") ? Rego.Text(v) ?? v?.ToJsonString() ?? "null" : null;

    /// <summary>
    /// <c>metadata.namespace</c>; when unset, the namespace the object is installed into (<see cref="DefaultNamespace"/>:
    /// helm's release namespace), else <c>default</c> as in Trivy.
    /// </summary>
    public string Namespace => Rego.TryAt(Root, out var v, "metadata", "namespace") ? Rego.Text(v) ?? v?.ToJsonString() ?? "null" : DefaultNamespace ?? "default";

    /// <summary>
    /// The namespace an object without <c>metadata.namespace</c> lands in: in the release pipeline, the release's
    /// namespace, which helm gives every namespaced object that names none; null when not known.
    /// </summary>
    public string? DefaultNamespace { get; init; }

    /// <summary>
    /// The objects of this rendering and of the one deployed now, for the rollout checks (<c>SK-ROLLOUT-nnn</c>); null
    /// when the deployed rendering is not known.
    /// </summary>
    public RenderingPair? Renderings { get; init; }

    /// <summary>
    /// The objects a rollout strategy's other releases render (the canary, the blue-green colors), for SK-ROLLOUT-002;
    /// null when the release has no strategy or the scan is not a release's.
    /// </summary>
    public StrategyIndex? Strategy { get; init; }

    /// <summary>
    /// The registries KSV0125 trusts (Trivy's <c>ksv0125.trusted_registries</c> data, <c>--trusted-registry</c>); empty:
    /// its built-in cloud registries.
    /// </summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    public JsonNode? Spec => Root["spec"];

    public bool HasSpec => Root.ContainsKey("spec");

    public JsonNode? Metadata => Root["metadata"];

    public bool IsPod => Kind == "Pod";

    public IReadOnlyList<PodTemplate> Pods => _pods ??= FindPods();

    /// <summary>Every container and init container of <see cref="Pods"/>, plus those directly under the object's own <c>spec</c> when it is not a pod.</summary>
    public IReadOnlyList<PodContainer> Containers => _containers ??= FindContainers();

    /// <summary><c>spec.volumes[*]</c> of every pod, with their paths.</summary>
    public IEnumerable<(JsonNode? Volume, string Path)> Volumes =>
        Pods.SelectMany(p => Rego.Entries(Rego.At(p.Pod, "spec", "volumes")).Select(e => (e.Value, p.Below("spec.volumes" + e.Key))));

    /// <summary><c>metadata.annotations</c> of every pod.</summary>
    public IEnumerable<JsonObject> PodAnnotations => Pods.Select(p => Rego.At(p.Pod, "metadata", "annotations")).OfType<JsonObject>();

    private List<PodTemplate> FindPods()
    {
        var pods = new List<PodTemplate>();
        if (IsPod) pods.Add(new PodTemplate(Root, ""));
        var controller = Kind is { } k && (Controllers.Contains(k) || (k == "DeploymentConfig" && ApiVersion == "apps.openshift.io/v1"));
        if (controller && Rego.At(Root, "spec", "template") is JsonObject template) pods.Add(new PodTemplate(template, "spec.template"));
        if (Kind == "CronJob" && Rego.At(Root, "spec", "jobTemplate", "spec", "template") is JsonObject job)
        {
            pods.Add(new PodTemplate(job, "spec.jobTemplate.spec.template"));
        }
        return pods;
    }

    private List<PodContainer> FindContainers()
    {
        var containers = Pods.SelectMany(PodContainer.Of).ToList();
        if (!IsPod) containers.AddRange(PodContainer.Of(new PodTemplate(Root, "")));
        return containers;
    }
}
