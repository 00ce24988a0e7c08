using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV018: a container sets no resources.limits.memory.</summary>
internal sealed class Ksv018MemoryNotLimited : ContainerCheck
{
    public override string Id => "KSV018";

    public override string Title => "Memory not limited";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override string Advice => "set resources.limits.memory";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.HasKey(Rego.At(c.Node, "resources", "limits"), "memory") ? null : "resources";
}
