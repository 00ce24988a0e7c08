using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV003: a container does not drop ALL capabilities.</summary>
internal sealed class Ksv003CapabilitiesNoDropAll : ContainerCheck
{
    public override string Id => "KSV003";

    public override string Title => "Default capabilities: some containers do not drop all";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override bool ByName => true;

    protected override string Advice => "add ALL to securityContext.capabilities.drop";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Texts(Rego.At(c.Security, "capabilities", "drop")).Any(d => string.Equals(d, "all", StringComparison.OrdinalIgnoreCase)) ? null : "securityContext.capabilities.drop";
}
