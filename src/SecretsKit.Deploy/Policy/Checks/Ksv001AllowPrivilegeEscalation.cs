using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV001: a container may gain more privileges than its parent (allowPrivilegeEscalation not false).</summary>
internal sealed class Ksv001AllowPrivilegeEscalation : ContainerCheck
{
    public override string Id => "KSV001";

    public override string Title => "Can elevate its own privileges";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override bool ByName => true;

    protected override string Advice => "set securityContext.allowPrivilegeEscalation to false";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.IsFalse(c.Security["allowPrivilegeEscalation"]) ? null : "securityContext.allowPrivilegeEscalation";
}
