using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV041: a rule must not give access to secrets.</summary>
internal sealed class Ksv041ManageSecrets : RbacRuleCheck
{
    public override string Id => "KSV041";

    public override string Title => "Manage secrets";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> RoleKindsChecked => ["ClusterRole"];

    protected override IReadOnlyCollection<string> Resources => ["secrets"];

    protected override IReadOnlyCollection<string> Verbs => ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not give access to secrets";
}
