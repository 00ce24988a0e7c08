using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV042: a rule must not allow deleting pod logs.</summary>
internal sealed class Ksv042DeletePodLogs : RbacRuleCheck
{
    public override string Id => "KSV042";

    public override string Title => "Delete pod logs";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IReadOnlyCollection<string> Resources => ["pods/log"];

    protected override IReadOnlyCollection<string> Verbs => ["delete", "deletecollection", "*"];

    protected override string Advice => "a rule must not allow deleting pod logs";
}
