using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV030: neither the pod nor the container sets a RuntimeDefault or Localhost seccomp profile (or the old pod annotation is not runtime/default).</summary>
internal sealed class Ksv030SeccompRuntimeDefault : WorkloadCheck
{
    private const string PodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";

    public override string Id => "KSV030";

    public override string Title => "Runtime/Default Seccomp profile not set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override bool NeedsName => false;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o)
    {
        foreach (var pod in o.Pods)
        {
            var annotations = Rego.At(pod.Pod, "metadata", "annotations");
            if (annotations is JsonObject a && a.TryGetPropertyValue(PodAnnotation, out var value) && !Rego.IsText(value, "runtime/default"))
            {
                yield return new PolicyHit(pod.Below("metadata.annotations"), "set the pod seccomp annotation to runtime/default");
            }
            if (Rego.Holds(annotations, PodAnnotation)) continue;
            foreach (var c in PodContainer.Of(pod))
            {
                var type = Rego.Text(Rego.At(c.Security, "seccompProfile", "type"));
                if (type is not ("RuntimeDefault" or "Localhost")) yield return new PolicyHit(c.Below("securityContext.seccompProfile.type"), "set securityContext.seccompProfile.type to RuntimeDefault (on the pod or the container)");
            }
        }
    }
}
