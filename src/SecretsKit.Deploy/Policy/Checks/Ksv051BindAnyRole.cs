using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV051: one rule allows creating role bindings and a later one binding any role or cluster role.</summary>
internal sealed class Ksv051BindAnyRole : PolicyCheck
{
    private const string Rbac = "rbac.authorization.k8s.io";

    public override string Id => "KSV051";

    public override string Title => "Do not allow role binding creation and association with privileged role/clusterrole";

    public override PolicySeverity Severity => PolicySeverity.High;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o) => RbacRules.Pairs(o,
        a => RbacRules.Has(a, "apiGroups", Rbac) && RbacRules.Has(a, "resources", "rolebindings") && RbacRules.Has(a, "verbs", "create"),
        b => RbacRules.Has(b, "apiGroups", Rbac) && (RbacRules.Has(b, "resources", "clusterroles") || RbacRules.Has(b, "resources", "roles"))
            && RbacRules.Has(b, "verbs", "bind") && RbacRules.Has(b, "resourceNames", "*"),
        "rules must not allow creating role bindings to any role");
}
