using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV104: a container runs with an Unconfined or no seccomp profile (the container, the pod, then the old per-container annotation).</summary>
internal sealed class Ksv104SeccompUnconfined : WorkloadCheck
{
    private const string AnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    public override string Id => "KSV104";

    public override string Title => "Seccomp policies disabled";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o)
    {
        var containers = o.IsPod ? o.Containers : o.Pods.SelectMany(PodContainer.Of);
        foreach (var c in containers)
        {
            // the container's own profile (the pod's is inherited into it), else the annotation, else ""
            JsonNode? type = Rego.TryAt(c.Security, out var own, "seccompProfile", "type") ? own : JsonValue.Create(Annotation(o, c) ?? "");
            var text = Rego.Text(type);
            if (text is not null && (text.Length == 0 || text.Equals("unconfined", StringComparison.OrdinalIgnoreCase)))
            {
                yield return new PolicyHit(c.Below("securityContext.seccompProfile.type"), "set a seccomp profile (RuntimeDefault or Localhost)");
            }
        }
    }

    private static string? Annotation(PolicyObject o, PodContainer c)
    {
        if (!c.Named) return null;
        foreach (var annotations in o.PodAnnotations)
        {
            if (annotations.TryGetPropertyValue(AnnotationPrefix + c.Name, out var v)) return Rego.Text(v) ?? v?.ToJsonString();
        }
        return null;
    }
}
