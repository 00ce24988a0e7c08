using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV040: a ResourceQuota without hard requests.cpu, requests.memory, limits.cpu and limits.memory.</summary>
internal sealed class Ksv040ResourceQuota : PolicyCheck
{
    private static readonly string[] Required = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

    public override string Id => "KSV040";

    public override string Title => "resource quota usage";

    public override PolicySeverity Severity => PolicySeverity.Low;

    public override IReadOnlyCollection<string> Kinds => ["resourcequota"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (!o.HasSpec) yield break;
        var hard = Rego.At(o.Spec, "hard");
        if (!Required.All(f => Rego.HasField(hard, f))) yield return new PolicyHit("spec.hard", "set hard requests.cpu, requests.memory, limits.cpu and limits.memory");
    }
}
