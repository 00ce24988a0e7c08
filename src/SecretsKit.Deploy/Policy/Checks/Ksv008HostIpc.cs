using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV008: a pod shares the host's IPC namespace (spec.hostIPC).</summary>
internal sealed class Ksv008HostIpc : WorkloadCheck
{
    public override string Id => "KSV008";

    public override string Title => "Access to host IPC namespace";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Pods.Where(p => Rego.IsTrue(Rego.At(p.Pod, "spec", "hostIPC"))).Take(1).Select(p => new PolicyHit(p.Below("spec.hostIPC"), "set spec.hostIPC to false"));
}
