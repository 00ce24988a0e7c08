using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV024: a container binds host ports (none are allowed by default).</summary>
internal sealed class Ksv024HostPorts : ContainerCheck
{
    public override string Id => "KSV024";

    public override string Title => "Access to host ports";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override bool ByName => true;

    protected override string Advice => "not set ports[*].hostPort";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Entries(c.Node["ports"]).FirstOrDefault(p => Rego.HasKey(p.Value, "hostPort")) is { Value: not null } port ? "ports" + port.Key + ".hostPort" : null;
}
