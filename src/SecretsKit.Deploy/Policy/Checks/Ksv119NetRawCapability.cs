using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV119: a container adds the NET_RAW capability.</summary>
internal sealed class Ksv119NetRawCapability : ContainerCheck
{
    public override string Id => "KSV119";

    public override string Title => "NET_RAW capability added";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override bool ByName => true;

    protected override string Advice => "not add NET_RAW to securityContext.capabilities.add";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Texts(Rego.At(c.Security, "capabilities", "add")).Contains("NET_RAW") ? "securityContext.capabilities.add" : null;
}
