using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV009: a pod shares the host's network namespace (spec.hostNetwork).</summary>
internal sealed class Ksv009HostNetwork : WorkloadCheck
{
    public override string Id => "KSV009";

    public override string Title => "Access to host network";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Pods.Where(p => Rego.IsTrue(Rego.At(p.Pod, "spec", "hostNetwork"))).Take(1).Select(p => new PolicyHit(p.Below("spec.hostNetwork"), "set spec.hostNetwork to false"));
}
