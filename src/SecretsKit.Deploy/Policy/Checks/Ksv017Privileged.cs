using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV017: a container runs privileged.</summary>
internal sealed class Ksv017Privileged : ContainerCheck
{
    public override string Id => "KSV017";

    public override string Title => "Privileged";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override string Advice => "set securityContext.privileged to false";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.IsTrue(c.Security["privileged"]) ? "securityContext.privileged" : null;
}
