using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV045: a rule must not grant every verb on sensitive resources.</summary>
internal sealed class Ksv045AnyVerb : RbacRuleCheck
{
    public override string Id => "KSV045";

    public override string Title => "No wildcard verb roles";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override bool NeedsName => false;

    protected override IReadOnlyCollection<string> Resources => ["secrets", "pods", "deployments", "daemonsets", "statefulsets", "replicationcontrollers", "replicasets", "cronjobs", "jobs", "roles", "clusterroles", "rolebindings", "clusterrolebindings", "users", "groups"];

    protected override IReadOnlyCollection<string> Verbs => ["*"];

    protected override string Advice => "a rule must not grant every verb on sensitive resources";
}
