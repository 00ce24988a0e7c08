using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV102: Tiller (Helm v2) is deployed: named or labelled as Tiller, or running a tiller image.</summary>
internal sealed class Ksv102Tiller : PolicyCheck
{
    public override string Id => "KSV102";

    public override string Title => "Tiller Is Deployed";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Name is null) yield break;
        const string Advice = "remove Tiller (Helm v2)";
        var tillerObject = IsTiller(o.Metadata);
        foreach (var c in o.Containers.Where(c => c.Named && (tillerObject || Rego.Text(c.Node["image"])?.Contains("tiller", StringComparison.Ordinal) == true)))
        {
            yield return new PolicyHit(c.Below("image"), Advice);
        }
        foreach (var p in o.Pods.Where(p => Rego.HasKey(Rego.At(p.Pod, "metadata"), "name") && IsTiller(Rego.At(p.Pod, "metadata"))))
        {
            yield return new PolicyHit(p.Below("metadata"), Advice);
        }
    }

    private static bool IsTiller(JsonNode? metadata) =>
        Rego.Text(Rego.At(metadata, "name"))?.Contains("tiller", StringComparison.Ordinal) == true
        || Rego.IsText(Rego.At(metadata, "labels", "app"), "helm") || Rego.IsText(Rego.At(metadata, "labels", "name"), "tiller");
}
