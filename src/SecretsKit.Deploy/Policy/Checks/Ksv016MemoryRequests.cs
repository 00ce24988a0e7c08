using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV016: a container sets no resources.requests.memory.</summary>
internal sealed class Ksv016MemoryRequests : ContainerCheck
{
    public override string Id => "KSV016";

    public override string Title => "Memory requests not specified";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override string Advice => "set resources.requests.memory";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.HasKey(Rego.At(c.Node, "resources", "requests"), "memory") ? null : "resources";
}
