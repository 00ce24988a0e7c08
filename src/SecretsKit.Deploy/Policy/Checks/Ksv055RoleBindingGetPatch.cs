using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV055: a rule allows getting and patching role bindings in every API group.</summary>
internal sealed class Ksv055RoleBindingGetPatch : RbacRuleCheck
{
    public override string Id => "KSV055";

    public override string Title => "Do not allow users in a rolebinding to add other users to their rolebindings";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override bool NeedsName => false;

    protected override IReadOnlyCollection<string> Resources => ["rolebindings"];

    protected override IReadOnlyCollection<string> Verbs => ["get"];

    protected override string Advice => "a rule must not allow adding users to role bindings (get and patch)";

    protected override bool Matches(JsonNode? rule) => RbacRules.Has(rule, "apiGroups", "*") && RbacRules.Has(rule, "verbs", "patch") && base.Matches(rule);
}
