using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV038: a NetworkPolicy selects neither pods nor namespaces.</summary>
internal sealed class Ksv038NetworkPolicySelector : PolicyCheck
{
    public override string Id => "KSV038";

    public override string Title => "Selector usage in network policies";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (!string.Equals(o.Kind, "NetworkPolicy", StringComparison.OrdinalIgnoreCase) || !o.HasSpec || HasSelector(o.Spec)) yield break;
        yield return new PolicyHit("spec", "use a podSelector or namespaceSelector");
    }

    private static bool HasSelector(JsonNode? spec) =>
        Rego.HasField(spec, "podSelector") || Rego.HasField(spec, "namespaceSelector")
        || Peers(spec, "ingress", "from") || Peers(spec, "egress", "to");

    private static bool Peers(JsonNode? spec, string direction, string peers) =>
        Rego.HasField(spec, direction)
        && Rego.Items(Rego.At(spec, direction)).Any(r => Rego.HasField(r, peers))
        && Rego.Items(Rego.At(spec, direction)).SelectMany(r => Rego.Items(Rego.At(r, peers))).Any(p => Rego.HasField(p, "podSelector") || Rego.HasField(p, "namespaceSelector"));
}
