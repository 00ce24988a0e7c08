using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV033 (deprecated): images must come from a GCR domain.</summary>
internal sealed class Ksv033GcrRegistry : RegistryCheck
{
    public override string Id => "KSV033";

    public override string Title => "All container images must start with a GCR domain";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override bool Deprecated => true;

    protected override IReadOnlyCollection<string> Trusted => EcrRegistries.Gcr;

    protected override string Advice => "take its image from a GCR domain";
}
