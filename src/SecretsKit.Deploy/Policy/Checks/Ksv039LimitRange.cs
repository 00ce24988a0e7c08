using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV039: a LimitRange without a limit that sets type, max, min, default and defaultRequest.</summary>
internal sealed class Ksv039LimitRange : PolicyCheck
{
    private static readonly string[] Required = ["type", "max", "min", "default", "defaultRequest"];

    public override string Id => "KSV039";

    public override string Title => "limit range usage";

    public override PolicySeverity Severity => PolicySeverity.Low;

    public override IReadOnlyCollection<string> Kinds => ["limitrange"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (!o.HasSpec) yield break;
        var configured = Rego.HasField(o.Spec, "limits") && Rego.Items(Rego.At(o.Spec, "limits")).Any(l => Required.All(f => Rego.HasField(l, f)));
        if (!configured) yield return new PolicyHit("spec.limits", "set a limit with type, max, min, default and defaultRequest");
    }
}
