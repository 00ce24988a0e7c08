using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV037: an object other than a control-plane component is placed in kube-system.</summary>
internal sealed class Ksv037KubeSystemNamespace : PolicyCheck
{
    private static readonly string[] CoreComponents = ["kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler"];

    public override string Id => "KSV037";

    public override string Title => "User resources should not be placed in kube-system namespace";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        // the Rego passes input.metadata and input.spec to its rule: without either there is no finding
        if (o.Namespace != "kube-system" || o.Name is null || !o.HasSpec || o.Metadata is null || CoreComponent(o)) yield break;
        yield return new PolicyHit("metadata.namespace", "not be placed in kube-system");
    }

    private static bool CoreComponent(PolicyObject o)
    {
        var labels = Rego.At(o.Metadata, "labels");
        return Rego.IsText(Rego.At(labels, "tier"), "control-plane") && Rego.IsText(Rego.At(o.Spec, "priorityClassName"), "system-node-critical")
            && Rego.Text(Rego.At(labels, "component")) is { } component && CoreComponents.Contains(component);
    }
}
