using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV044: a rule grants every verb on every resource of every API group.</summary>
internal sealed class Ksv044AnyAny : RbacRuleCheck
{
    public override string Id => "KSV044";

    public override string Title => "No wildcard verb and resource roles";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override bool NeedsName => false;

    protected override IReadOnlyCollection<string> Resources => ["*"];

    protected override IReadOnlyCollection<string> Verbs => ["*"];

    protected override string Advice => "a rule must not grant every verb on every resource";

    protected override bool Matches(JsonNode? rule) => RbacRules.Has(rule, "apiGroups", "*") && base.Matches(rule);
}
