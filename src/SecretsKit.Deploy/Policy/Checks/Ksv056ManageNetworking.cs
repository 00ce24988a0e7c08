using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV056: a rule must not allow changing networking resources.</summary>
internal sealed class Ksv056ManageNetworking : RbacRuleCheck
{
    public override string Id => "KSV056";

    public override string Title => "Manage Kubernetes networking";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IReadOnlyCollection<string> Resources => ["services", "endpoints", "endpointslices", "networkpolicies", "ingresses"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not allow changing networking resources";
}
