using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV052: one rule allows creating cluster role bindings and a later one binding any cluster role.</summary>
internal sealed class Ksv052BindAnyClusterRole : PolicyCheck
{
    private const string Rbac = "rbac.authorization.k8s.io";

    public override string Id => "KSV052";

    public override string Title => "Do not allow role to create ClusterRoleBindings and association with privileged role";

    public override PolicySeverity Severity => PolicySeverity.High;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o) => RbacRules.Pairs(o,
        a => RbacRules.Has(a, "apiGroups", Rbac) && RbacRules.Has(a, "resources", "clusterrolebindings") && RbacRules.Has(a, "verbs", "create"),
        b => RbacRules.Has(b, "resources", "clusterroles") && RbacRules.Has(b, "verbs", "bind") && RbacRules.Has(b, "resourceNames", "*"),
        "rules must not allow creating cluster role bindings to any cluster role");
}
