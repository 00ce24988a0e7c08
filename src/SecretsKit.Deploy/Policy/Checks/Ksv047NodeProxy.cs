using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV047: a rule must not give access to nodes/proxy.</summary>
internal sealed class Ksv047NodeProxy : RbacRuleCheck
{
    public override string Id => "KSV047";

    public override string Title => "Do not allow privilege escalation from node proxy";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override bool NeedsName => false;

    protected override IReadOnlyCollection<string> Resources => ["nodes/proxy"];

    protected override IReadOnlyCollection<string> Verbs => ["get", "create"];

    protected override string Advice => "a rule must not give access to nodes/proxy";
}
