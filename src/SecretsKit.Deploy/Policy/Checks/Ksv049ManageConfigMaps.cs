using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV049: a rule must not allow changing configmaps.</summary>
internal sealed class Ksv049ManageConfigMaps : RbacRuleCheck
{
    public override string Id => "KSV049";

    public override string Title => "Manage configmaps";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IReadOnlyCollection<string> Resources => ["configmaps"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not allow changing configmaps";
}
