using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV004: a container sets no securityContext.capabilities.drop.</summary>
internal sealed class Ksv004CapabilitiesNoDrop : ContainerCheck
{
    public override string Id => "KSV004";

    public override string Title => "Default capabilities: some containers do not drop any";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override bool ByName => true;

    protected override string Advice => "set securityContext.capabilities.drop";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.HasKey(Rego.At(c.Security, "capabilities"), "drop") ? null : "securityContext.capabilities";
}
