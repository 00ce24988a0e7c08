using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV120: a container adds the SYS_MODULE capability.</summary>
internal sealed class Ksv120SysModuleCapability : ContainerCheck
{
    public override string Id => "KSV120";

    public override string Title => "SYS_MODULE capability added";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override string Advice => "not add SYS_MODULE to securityContext.capabilities.add";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Texts(Rego.At(c.Security, "capabilities", "add")).Contains("SYS_MODULE") ? "securityContext.capabilities.add" : null;
}
