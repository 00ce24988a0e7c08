using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV048: a rule must not allow changing workloads.</summary>
internal sealed class Ksv048UpdateWorkloads : RbacRuleCheck
{
    public override string Id => "KSV048";

    public override string Title => "Manage Kubernetes workloads and pods";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IReadOnlyCollection<string> Resources => ["pods", "deployments", "jobs", "cronjobs", "statefulsets", "daemonsets", "replicasets", "replicationcontrollers"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not allow changing workloads";
}
