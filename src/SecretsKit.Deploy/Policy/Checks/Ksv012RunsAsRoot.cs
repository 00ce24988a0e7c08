using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV012: a container may run as root (runAsNonRoot not true), in a pod that does not require non-root either.</summary>
internal sealed class Ksv012RunsAsRoot : ContainerCheck
{
    public override string Id => "KSV012";

    public override string Title => "Runs as root user";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override bool ByName => true;

    protected override string Advice => "set securityContext.runAsNonRoot to true";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        !Rego.IsTrue(c.Security["runAsNonRoot"]) && o.Pods.Any(p => !Rego.Holds(p.Pod, "spec", "securityContext", "runAsNonRoot"))
            ? "securityContext.runAsNonRoot" : null;
}
