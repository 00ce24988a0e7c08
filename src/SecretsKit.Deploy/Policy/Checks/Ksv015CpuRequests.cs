using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV015: a container sets no resources.requests.cpu.</summary>
internal sealed class Ksv015CpuRequests : ContainerCheck
{
    public override string Id => "KSV015";

    public override string Title => "CPU requests not specified";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override string Advice => "set resources.requests.cpu";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.HasKey(Rego.At(c.Node, "resources", "requests"), "cpu") ? null : "resources";
}
