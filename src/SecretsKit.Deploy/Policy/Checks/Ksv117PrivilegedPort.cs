using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV117: a container listens on a port below 1024.</summary>
internal sealed class Ksv117PrivilegedPort : ContainerCheck
{
    public override string Id => "KSV117";

    public override string Title => "Prevent binding to privileged ports";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override string Advice => "not set ports[*].containerPort below 1024";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Entries(c.Node["ports"]).FirstOrDefault(p => Rego.TryAt(p.Value, out var port, "containerPort") && Rego.Below(port, 1024, orEqual: false)) is { Key: { } key }
            ? "ports" + key + ".containerPort" : null;
}
