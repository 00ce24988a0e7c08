using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV022: a container adds capabilities (none are allowed by default).</summary>
internal sealed class Ksv022CapabilitiesAdded : ContainerCheck
{
    public override string Id => "KSV022";

    public override string Title => "Specific capabilities added";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override string Advice => "not set securityContext.capabilities.add";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Items(Rego.At(c.Security, "capabilities", "add")).Any() ? "securityContext.capabilities.add" : null;
}
