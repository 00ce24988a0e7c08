using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV007: a pod manages /etc/hosts (spec.hostAliases).</summary>
internal sealed class Ksv007HostAliases : WorkloadCheck
{
    public override string Id => "KSV007";

    public override string Title => "Manages /etc/hosts";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Pods.Where(p => Rego.HasKey(p.Spec, "hostAliases")).Select(p => new PolicyHit(p.Below("spec.hostAliases"), "do not set spec.hostAliases"));
}
