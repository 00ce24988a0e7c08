using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV113: a rule must not give access to the namespace's secrets.</summary>
internal sealed class Ksv113ManageNamespaceSecrets : RbacRuleCheck
{
    public override string Id => "KSV113";

    public override string Title => "Manage namespace secrets";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IReadOnlyCollection<string> RoleKindsChecked => ["Role"];

    protected override IReadOnlyCollection<string> Resources => ["secrets"];

    protected override IReadOnlyCollection<string> Verbs => ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not give access to the namespace's secrets";
}
