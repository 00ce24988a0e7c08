using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV020: a container runs with a UID of 10000 or less, or sets none.</summary>
internal sealed class Ksv020RunAsUserLow : ContainerCheck
{
    public override string Id => "KSV020";

    public override string Title => "Runs with UID <= 10000";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override string Advice => "set securityContext.runAsUser above 10000";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        !c.Security.TryGetPropertyValue("runAsUser", out var uid) || Rego.Below(uid, 10000, orEqual: true) ? "securityContext.runAsUser" : null;
}
