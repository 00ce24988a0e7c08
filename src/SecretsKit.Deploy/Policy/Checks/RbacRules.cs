using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>Conditions on one RBAC rule that the RBAC checks combine.</summary>
internal static class RbacRules
{
    public static bool Has(JsonNode? rule, string field, string value) => Rego.Texts(Rego.At(rule, field)).Contains(value);

    /// <summary>Index pairs i &lt; j of rules where <paramref name="first"/> holds for rule i and <paramref name="second"/> for rule j; the finding is rule i.</summary>
    public static IEnumerable<PolicyHit> Pairs(PolicyObject o, Func<JsonNode?, bool> first, Func<JsonNode?, bool> second, string advice)
    {
        if (o.Kind is not ("Role" or "ClusterRole") || o.Root["rules"] is not JsonArray rules) yield break;
        for (var i = 0; i < rules.Count; i++)
        {
            if (!first(rules[i])) continue;
            for (var j = i + 1; j < rules.Count; j++)
            {
                if (second(rules[j]))
                {
                    yield return new PolicyHit($"rules[{i}]", advice);
                    break;
                }
            }
        }
    }
}
