using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV01011: on GKE (a Kubernetes version containing -gke), a binding grants a role to every authenticated user.</summary>
internal sealed class Ksv01011AuthenticatedBindGke : BindingSubjectCheck
{
    public override string Id => "KSV01011";

    public override string Title => "system:authenticate group access binding";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> Subjects => ["system:authenticated"];

    protected override bool Applies(PolicyObject o) => o.KubernetesVersion?.Contains("-gke", StringComparison.Ordinal) == true;
}
