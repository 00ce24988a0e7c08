using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV054: one rule allows attaching to pods and a later one getting them (every API group).</summary>
internal sealed class Ksv054AttachToPods : PolicyCheck
{
    public override string Id => "KSV054";

    public override string Title => "Do not allow attaching to shell on pods";

    public override PolicySeverity Severity => PolicySeverity.High;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o) => RbacRules.Pairs(o,
        a => RbacRules.Has(a, "apiGroups", "*") && RbacRules.Has(a, "resources", "pods/attach") && RbacRules.Has(a, "verbs", "create"),
        b => RbacRules.Has(b, "apiGroups", "*") && RbacRules.Has(b, "resources", "pods") && RbacRules.Has(b, "verbs", "get"),
        "rules must not allow attaching to pods");
}
