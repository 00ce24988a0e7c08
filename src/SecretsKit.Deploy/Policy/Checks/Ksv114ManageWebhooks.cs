using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV114: a rule must not allow changing admission webhook configurations.</summary>
internal sealed class Ksv114ManageWebhooks : RbacRuleCheck
{
    public override string Id => "KSV114";

    public override string Title => "Manage webhookconfigurations";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> Resources => ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not allow changing admission webhook configurations";
}
