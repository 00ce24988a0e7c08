using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV032 (deprecated): images must come from an Azure Container Registry (*.azurecr.io).</summary>
internal sealed class Ksv032AzureRegistry : RegistryCheck
{
    public override string Id => "KSV032";

    public override string Title => "All container images must start with the *.azurecr.io domain";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override bool Deprecated => true;

    protected override IReadOnlyCollection<string> Trusted => ["azurecr.io"];

    protected override string Advice => "take its image from an azurecr.io registry";
}
