using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV021: a container runs with a GID of 10000 or less, or sets none.</summary>
internal sealed class Ksv021RunAsGroupLow : ContainerCheck
{
    public override string Id => "KSV021";

    public override string Title => "Runs with GID <= 10000";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override string Advice => "set securityContext.runAsGroup above 10000";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        !c.Security.TryGetPropertyValue("runAsGroup", out var gid) || Rego.Below(gid, 10000, orEqual: true) ? "securityContext.runAsGroup" : null;
}
