using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV005: a container adds the SYS_ADMIN capability.</summary>
internal sealed class Ksv005SysAdminCapability : ContainerCheck
{
    public override string Id => "KSV005";

    public override string Title => "SYS_ADMIN capability added";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override string Advice => "not add SYS_ADMIN to securityContext.capabilities.add";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Texts(Rego.At(c.Security, "capabilities", "add")).Contains("SYS_ADMIN") ? "securityContext.capabilities.add" : null;
}
