using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV035 (deprecated): images must come from an ECR domain.</summary>
internal sealed class Ksv035EcrRegistry : RegistryCheck
{
    public override string Id => "KSV035";

    public override string Title => "All container images must start with an ECR domain";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override bool Deprecated => true;

    protected override IReadOnlyCollection<string> Trusted => EcrRegistries.Domains;

    protected override string Advice => "take its image from an ECR registry";
}
