using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A check of a Role's or ClusterRole's <c>rules[*]</c>: a rule naming one of <see cref="Resources"/> with one of
/// <see cref="Verbs"/> is reported (kinds compared exactly, as the Rego compares <c>input.kind</c>).
/// </summary>
internal abstract class RbacRuleCheck : PolicyCheck
{
    protected static readonly string[] RoleKinds = ["Role", "ClusterRole"];

    /// <summary>The exact kinds the rule applies to.</summary>
    protected virtual IReadOnlyCollection<string> RoleKindsChecked => RoleKinds;

    protected abstract IReadOnlyCollection<string> Resources { get; }

    protected abstract IReadOnlyCollection<string> Verbs { get; }

    protected virtual bool NeedsName => true;

    protected abstract string Advice { get; }

    /// <summary>Whether <paramref name="rule"/> grants what the check looks for.</summary>
    protected virtual bool Matches(JsonNode? rule) =>
        Rego.Texts(Rego.At(rule, "resources")).Any(Resources.Contains) && Rego.Texts(Rego.At(rule, "verbs")).Any(Verbs.Contains);

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Kind is not { } kind || !RoleKindsChecked.Contains(kind) || (NeedsName && o.Name is null)) yield break;
        foreach (var (index, rule) in Rego.Entries(o.Root["rules"]))
        {
            if (Matches(rule)) yield return new PolicyHit("rules" + index, Advice);
        }
    }
}
