using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV027: a container sets a proc mount type.</summary>
internal sealed class Ksv027ProcMount : ContainerCheck
{
    public override string Id => "KSV027";

    public override string Title => "Non-default /proc masks set";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override string Advice => "not set securityContext.procMount";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        c.Security.ContainsKey("procMount") ? "securityContext.procMount" : null;
}
