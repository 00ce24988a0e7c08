using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV010: a pod shares the host's PID namespace (spec.hostPID).</summary>
internal sealed class Ksv010HostPid : WorkloadCheck
{
    public override string Id => "KSV010";

    public override string Title => "Access to host PID";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Pods.Where(p => Rego.IsTrue(Rego.At(p.Pod, "spec", "hostPID"))).Take(1).Select(p => new PolicyHit(p.Below("spec.hostPID"), "set spec.hostPID to false"));
}
