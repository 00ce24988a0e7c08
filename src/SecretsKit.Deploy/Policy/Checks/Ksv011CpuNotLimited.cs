using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV011: a container sets no resources.limits.cpu.</summary>
internal sealed class Ksv011CpuNotLimited : ContainerCheck
{
    public override string Id => "KSV011";

    public override string Title => "CPU not limited";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override string Advice => "set resources.limits.cpu";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.HasKey(Rego.At(c.Node, "resources", "limits"), "cpu") ? null : "resources";
}
