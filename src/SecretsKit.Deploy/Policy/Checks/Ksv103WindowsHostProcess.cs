using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV103: a pod or container runs as a Windows HostProcess.</summary>
internal sealed class Ksv103WindowsHostProcess : PolicyCheck
{
    public override string Id => "KSV103";

    public override string Title => "Access to host process";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IReadOnlyCollection<string> Kinds => Workloads;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        const string Advice = "do not enable windowsOptions.hostProcess";
        if (Rego.IsTrue(Rego.At(o.Spec, "securityContext", "windowsOptions", "hostProcess")))
        {
            yield return new PolicyHit("spec.securityContext.windowsOptions.hostProcess", Advice);
        }
        foreach (var c in o.Containers.Where(c => Rego.IsTrue(Rego.At(c.Security, "windowsOptions", "hostProcess"))))
        {
            yield return new PolicyHit(c.Below("securityContext.windowsOptions.hostProcess"), Advice);
        }
    }
}
