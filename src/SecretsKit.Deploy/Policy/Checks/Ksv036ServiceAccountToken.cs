using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV036: the service account token is mounted (automountServiceAccountToken true, or its path mounted when unset).</summary>
internal sealed class Ksv036ServiceAccountToken : PolicyCheck
{
    private const string TokenPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    public override string Id => "KSV036";

    public override string Title => "Protecting Pod service account tokens";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Name is null || !o.HasSpec) yield break;
        const string Advice = "set spec.automountServiceAccountToken to false";
        if (Rego.HasKey(o.Spec, "automountServiceAccountToken"))
        {
            if (Rego.IsTrue(Rego.At(o.Spec, "automountServiceAccountToken"))) yield return new PolicyHit("spec.automountServiceAccountToken", Advice);
            yield break;
        }
        var mount = o.Containers.SelectMany(c => Rego.Entries(c.Node["volumeMounts"]).Select(m => (c, m.Key, m.Value)))
            .FirstOrDefault(m => Rego.IsText(Rego.At(m.Value, "mountPath"), TokenPath));
        if (mount.c is not null) yield return new PolicyHit(mount.c.Below("volumeMounts" + mount.Key + ".mountPath"), Advice);
    }
}
