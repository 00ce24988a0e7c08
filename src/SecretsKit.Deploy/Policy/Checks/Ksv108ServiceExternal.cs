using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV108: a Service sets external IPs or an external name (none allowed by default).</summary>
internal sealed class Ksv108ServiceExternal : PolicyCheck
{
    public override string Id => "KSV0108";

    public override string Title => "Service with External IP";

    public override PolicySeverity Severity => PolicySeverity.High;

    public override IReadOnlyCollection<string> Kinds => ["service"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Kind != "Service" || o.Name is null) yield break;
        if (Rego.Items(Rego.At(o.Spec, "externalIPs")).Any()) yield return new PolicyHit("spec.externalIPs", "set no external IPs");
        else if (Rego.TryAt(o.Spec, out _, "externalName")) yield return new PolicyHit("spec.externalName", "set no external name");
    }
}
