using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV050: a rule must not allow escalating, binding or impersonating through roles and role bindings.</summary>
internal sealed class Ksv050ManageRbac : RbacRuleCheck
{
    public override string Id => "KSV050";

    public override string Title => "Do not allow privilege escalation via RBAC resources";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> Resources => ["roles", "rolebindings"];

    protected override IReadOnlyCollection<string> Verbs => ["escalate", "bind", "impersonate", "*"];

    protected override string Advice => "a rule must not allow escalating, binding or impersonating through roles and role bindings";
}
