using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV006: a hostPath volume mounts /var/run/docker.sock.</summary>
internal sealed class Ksv006DockerSocket : WorkloadCheck
{
    public override string Id => "KSV006";

    public override string Title => "hostPath volume mounted with docker.sock";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Volumes.Where(v => Rego.IsText(Rego.At(v.Volume, "hostPath", "path"), "/var/run/docker.sock")).Take(1)
            .Select(v => new PolicyHit(v.Path + ".hostPath.path", "do not mount the Docker socket from the host"));
}
