using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV116: a pod runs with group 0 (runAsGroup, supplementalGroups or fsGroup).</summary>
internal sealed class Ksv116RootGroup : WorkloadCheck
{
    public override string Id => "KSV116";

    public override string Title => "Runs with a root primary or supplementary GID";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o)
    {
        foreach (var pod in o.Pods)
        {
            var context = pod.SecurityContext;
            var field = Rego.IsNumber(Rego.At(context, "runAsGroup"), 0) ? "runAsGroup"
                : Rego.Items(Rego.At(context, "supplementalGroups")).Any(g => Rego.IsNumber(g, 0)) ? "supplementalGroups"
                : Rego.IsNumber(Rego.At(context, "fsGroup"), 0) ? "fsGroup" : null;
            if (field is not null)
            {
                yield return new PolicyHit(pod.Below("spec.securityContext." + field), "set runAsGroup, supplementalGroups and fsGroup above 0");
                yield break;
            }
        }
    }
}
