using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV023: a pod mounts a hostPath volume.</summary>
internal sealed class Ksv023HostPathVolume : WorkloadCheck
{
    public override string Id => "KSV023";

    public override string Title => "hostPath volumes mounted";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Volumes.Where(v => Rego.HasKey(v.Volume, "hostPath")).Take(1).Select(v => new PolicyHit(v.Path + ".hostPath", "do not mount hostPath volumes"));
}
