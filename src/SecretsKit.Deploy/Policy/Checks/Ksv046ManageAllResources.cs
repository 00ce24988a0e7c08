using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV046: a rule must not manage every resource.</summary>
internal sealed class Ksv046ManageAllResources : RbacRuleCheck
{
    public override string Id => "KSV046";

    public override string Title => "Manage all resources";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> RoleKindsChecked => ["ClusterRole"];

    protected override IReadOnlyCollection<string> Resources => ["*"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "delete", "deletecollection", "impersonate", "*", "list", "get"];

    protected override string Advice => "a rule must not manage every resource";
}
