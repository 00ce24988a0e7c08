using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV053: a rule must not allow exec into pods.</summary>
internal sealed class Ksv053ExecIntoPods : RbacRuleCheck
{
    public override string Id => "KSV053";

    public override string Title => "Exec into Pods";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IReadOnlyCollection<string> Resources => ["pods/exec"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not allow exec into pods";
}
