using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV105: a container or pod runs as UID 0.</summary>
internal sealed class Ksv105RootUid : PolicyCheck
{
    public override string Id => "KSV105";

    public override string Title => "Containers must not set runAsUser to 0";

    public override PolicySeverity Severity => PolicySeverity.Low;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        const string Advice = "set securityContext.runAsUser above 0";
        foreach (var c in o.Containers.Where(c => Rego.IsNumber(c.Security["runAsUser"], 0))) yield return new PolicyHit(c.Below("securityContext.runAsUser"), Advice);
        foreach (var p in o.Pods.Where(p => Rego.IsNumber(Rego.At(p.SecurityContext, "runAsUser"), 0))) yield return new PolicyHit(p.Below("spec.securityContext.runAsUser"), Advice);
    }
}
