using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV110: a workload lands in the default namespace (metadata.namespace unset or default).</summary>
internal sealed class Ksv110DefaultNamespace : WorkloadCheck
{
    public override string Id => "KSV110";

    public override string Title => "Workloads in the default namespace";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Namespace == "default" && o.Metadata is not null && o.Kind != "DeploymentConfig" ? [new PolicyHit("metadata.namespace", "set metadata.namespace to a namespace other than default")] : [];
}
