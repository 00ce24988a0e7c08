using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV043: a rule allows impersonating groups in every API group.</summary>
internal sealed class Ksv043ImpersonateGroups : RbacRuleCheck
{
    public override string Id => "KSV043";

    public override string Title => "Do not allow impersonation of privileged groups";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override bool NeedsName => false;

    protected override IReadOnlyCollection<string> Resources => ["groups"];

    protected override IReadOnlyCollection<string> Verbs => ["impersonate"];

    protected override string Advice => "a rule must not allow impersonating groups";

    protected override bool Matches(JsonNode? rule) => RbacRules.Has(rule, "apiGroups", "*") && base.Matches(rule);
}
