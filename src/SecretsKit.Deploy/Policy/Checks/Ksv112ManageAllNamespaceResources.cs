using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV112: a rule must not manage every resource of the namespace.</summary>
internal sealed class Ksv112ManageAllNamespaceResources : RbacRuleCheck
{
    public override string Id => "KSV112";

    public override string Title => "Manage all resources at the namespace";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> RoleKindsChecked => ["Role"];

    protected override IReadOnlyCollection<string> Resources => ["*"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "delete", "deletecollection", "impersonate", "*", "list", "get"];

    protected override string Advice => "a rule must not manage every resource of the namespace";
}
