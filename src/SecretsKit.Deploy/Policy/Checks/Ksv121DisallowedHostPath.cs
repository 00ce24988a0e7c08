using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV121: a hostPath volume mounts a sensitive host directory (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr, /var/lib/docker).</summary>
internal sealed class Ksv121DisallowedHostPath : WorkloadCheck
{
    private static readonly string[] Disallowed = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", "/var/lib/docker"];

    public override string Id => "KSV121";

    public override string Title => "Kubernetes resource with disallowed volumes mounted";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Volumes.Where(v => Rego.Text(Rego.At(v.Volume, "hostPath", "path")) is { } path && Disallowed.Contains(path)).Take(1)
            .Select(v => new PolicyHit(v.Path + ".hostPath.path", "do not mount a sensitive host directory"));
}
